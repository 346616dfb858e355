/** The packet builder's part of the reducer: editing fields and sending. */
import { type Family, formatAddress, formatIpv4 } from "../../engine/index.js";
import type { Session, UiEngine } from "../engine-port.js";
import { applyLineEdit } from "../lib/line-edit.js";
import type { Action } from "./actions.js";
import {
	type BuilderFieldId,
	type BuilderState,
	builderErrors,
	builderFieldIds,
	selectFields,
} from "./builder.js";
import { addressFamily } from "./builder-address.js";
import { packetText, valuesFromInput } from "./packet-fields.js";
import { startRun } from "./runs.js";
import { runResult } from "./selectors.js";
import type { UiState } from "./state.js";

/**
 * This host's addresses, interface order, IPv4 then IPv6 (what the builder
 * offers as source or destination); only `family`'s when given.
 */
export function hostAddresses(
	session: Session,
	family?: Family,
): readonly string[] {
	const interfaces = session.context.host.host.interfaces;
	const v4 = interfaces.flatMap((i) =>
		i.addresses.map((a) => formatIpv4(a.address)),
	);
	const v6 = interfaces.flatMap((i) =>
		(i.addresses6 ?? []).map((a) => formatAddress(a.address)),
	);
	if (family === "ipv4") return v4;
	return family === "ipv6" ? v6 : [...v4, ...v6];
}

/**
 * Opens the builder pre-filled with the packet shown as it arrived, or, when
 * that is a reply, with the packet it answered (the last one not a reply).
 */
export function openBuilder(
	session: Session,
	state: UiState,
	field: BuilderFieldId = state.builder.field,
): UiState {
	const upTo = state.runs.findIndex((r) => r.id === state.run?.id);
	const original = state.runs
		.slice(0, upTo + 1)
		.findLast((r) => r.origin !== "reply");
	const values = original
		? valuesFromInput(state.builder.values, original.input)
		: state.builder.values;
	const base =
		original?.spec === undefined ? undefined : { text: original.spec, values };
	const iface =
		values.iface === ""
			? (session.context.host.host.interfaces.find((i) => i.name !== "lo")
					?.name ?? "")
			: values.iface;
	return {
		...state,
		overlay: { kind: "builder" },
		builder: {
			...state.builder,
			field,
			values: { ...values, iface, paste: "" },
			base,
			caret: values[field].length,
			error: undefined,
		},
	};
}

export function builderReducer(
	engine: UiEngine,
	session: Session,
	state: UiState,
	action: Action,
): UiState {
	const builder = state.builder;
	switch (action.type) {
		case "builder-field": {
			const index = builderFieldIds.indexOf(builder.field) + action.delta;
			const field =
				builderFieldIds[
					(index + builderFieldIds.length) % builderFieldIds.length
				] ?? "protocol";
			return {
				...state,
				builder: { ...builder, field, caret: builder.values[field].length },
			};
		}
		case "builder-set":
			return {
				...state,
				builder: setField(engine, builder, action.field, action.value),
			};
		case "text-edit": {
			if (selectFields.has(builder.field)) {
				return state;
			}
			const edited = applyLineEdit(
				{ text: builder.values[builder.field], caret: builder.caret },
				action.op,
			);
			const next = setField(engine, builder, builder.field, edited.text);
			return { ...state, builder: { ...next, caret: edited.caret } };
		}
		case "builder-submit": {
			const errors = builderErrors(builder.values);
			if (errors.size > 0) {
				const [field, message] = [...errors][0] as [string, string];
				return {
					...state,
					builder: { ...builder, error: `fix ${field}: ${message}` },
				};
			}
			return sendSpec(
				engine,
				session,
				state,
				packetText(builder.base, builder.values),
			);
		}
		case "builder-host-address": {
			if (builder.field !== "src" && builder.field !== "dst") return state;
			// The other end's family, so a packet stays one family.
			const other = builder.values[builder.field === "src" ? "dst" : "src"];
			const family = addressFamily(other);
			const own = hostAddresses(session, family);
			const addresses = own.length > 0 ? own : hostAddresses(session);
			if (addresses.length === 0) return state;
			const at = addresses.indexOf(builder.values[builder.field]);
			const next = addresses[(at + 1) % addresses.length] ?? "";
			return {
				...state,
				builder: setField(engine, builder, builder.field, next),
			};
		}
		case "send-spec":
			return sendSpec(engine, session, state, action.spec);
		default:
			return state;
	}
}

function sendSpec(
	engine: UiEngine,
	session: Session,
	state: UiState,
	spec: string,
): UiState {
	const parsed = engine.parsePacketSpec(spec);
	if (!parsed.ok) {
		return {
			...state,
			builder: {
				...state.builder,
				error: `${parsed.error} (column ${parsed.column}): ${spec}`,
			},
		};
	}
	const next = startRun(engine, session, state, parsed.input, "builder", spec);
	const note = contradiction(engine, session, next, parsed.devices?.out);
	return {
		...next,
		builder: { ...state.builder, error: undefined },
		...(note === undefined ? {} : { message: note }),
	};
}

/**
 * A LOG line that names its output device (OUT=) says where the packet went
 * on the host that logged it; when this host sends it elsewhere (a bridge
 * port's MAC with OUT=eth0, a different route), the fields disagree.
 */
function contradiction(
	engine: UiEngine,
	session: Session,
	state: UiState,
	out: string | undefined,
): string | undefined {
	if (!state.run || out === undefined || out === "") return undefined;
	const fate = runResult(engine, session.context, state.run).trace.fate;
	const devices =
		fate.kind === "forwarded" || fate.kind === "sent"
			? [fate.device]
			: fate.kind === "bridged"
				? [fate.device, fate.port ?? ""]
				: [];
	if (devices.includes(out)) return undefined;
	const went =
		devices.length === 0
			? `ends ${fate.kind}`
			: `leaves by ${devices.filter((d) => d !== "").join(" port ")}`;
	return `the line says OUT=${out}, but on this host the packet ${went}: its fields disagree (check IN=, MAC=, PHYSIN=)`;
}

/** Echo request is type 8 in ICMP, 128 in ICMPv6: switching protocols keeps it an echo. */
function echoTypeFor(protocol: string, type: string): string {
	if (protocol === "icmp6" && type === "8") return "128";
	if (protocol === "icmp" && type === "128") return "8";
	return type;
}

/** Sets a field; a preset or a pasted log line that parses fills the others. */
function setField(
	engine: UiEngine,
	builder: BuilderState,
	field: BuilderState["field"],
	value: string,
): BuilderState {
	const values = { ...builder.values, [field]: value };
	if (field === "protocol")
		values.icmpType = echoTypeFor(value, values.icmpType);
	builder = { ...builder, caret: value.length };
	if ((field === "preset" || field === "paste") && value.trim() !== "") {
		const parsed = engine.parsePacketSpec(value.trim());
		if (parsed.ok) {
			const filled = valuesFromInput(values, parsed.input);
			return {
				...builder,
				values: filled,
				base: { text: value.trim(), values: filled },
				error: undefined,
			};
		}
		return {
			...builder,
			values,
			error:
				field === "paste"
					? `cannot read that line: ${parsed.error}`
					: builder.error,
		};
	}
	return { ...builder, values, error: undefined };
}
