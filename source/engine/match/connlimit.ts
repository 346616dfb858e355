/**
 * `-m connlimit` (xt_connlimit.c over nf_conncount.c): counts connections per
 * masked source (or, with `--connlimit-daddr`, destination) address of the
 * packet. As in the kernel, each rule keeps its own lists: a connection is
 * counted once this rule has seen it, for as long as conntrack still holds
 * it and, for TCP, it has not closed (TIME_WAIT, CLOSE). The packet's own
 * connection counts too. `--connlimit-above N` matches when the count
 * exceeds N, `--connlimit-upto N` when it does not.
 */

import { tupleKey, tupleOf } from "../conntrack/tuple.js";
import type { ConntrackEntry, Tuple } from "../conntrack/types.js";
import { maskAddress } from "../net/ip-network.js";
import { parseIpv4Network } from "../net/ipv4.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	type OptionSpecs,
	optionError,
	parseDecimal,
	parseUnsigned,
	unknownOutcome,
} from "./option-values.js";
import type { MatchContext, MatchModule, MatchOutcome } from "./types.js";

export type ConnlimitData = {
	readonly limit: number;
	/** `above` matches when the count exceeds the limit; `upto` when it does not. */
	readonly mode: "above" | "upto";
	readonly mask: number;
	readonly side: "saddr" | "daddr";
};

const specs: OptionSpecs = {
	"--connlimit-upto": { arity: 1 },
	"--connlimit-above": { arity: 1, invert: true },
	"--connlimit-mask": { arity: 1 },
	"--connlimit-saddr": { arity: 0 },
	"--connlimit-daddr": { arity: 0 },
};

/**
 * `--connlimit-mask` as iptables 1.8.9 reads it: a prefix length in C
 * notation or (IPv4) a contiguous dotted netmask. For IPv4 any length up to
 * 2³²−1 is taken and stored as 32 (`--connlimit-mask 33` loads as /32); for
 * IPv6 the limit is 128.
 */
export function parseConnlimitMask(
	text: string,
	family: "ipv4" | "ipv6",
): number | undefined {
	if (family === "ipv4" && text.includes(".")) {
		const mask = parseIpv4Network(`0.0.0.0/${text}`)?.mask;
		if (mask === undefined) return undefined;
		const bits = mask.toString(2).padStart(32, "0");
		// A non-contiguous mask loads too; iptables-save then shows /32.
		return /^1*0*$/.test(bits)
			? bits.indexOf("0") === -1
				? 32
				: bits.indexOf("0")
			: 32;
	}
	const value = parseUnsigned(text);
	if (value === undefined) return undefined;
	if (family === "ipv4") return Math.min(value, 32);
	return value <= 128 ? value : undefined;
}

/** nf_conncount's already_closed: a confirmed TCP connection at TIME_WAIT or later. */
function closed(entry: ConntrackEntry): boolean {
	const state = entry.tcpState;
	return state === "TIME_WAIT" || state === "CLOSE" || state === "SYN_SENT2";
}

function evaluate(data: ConnlimitData, context: MatchContext): MatchOutcome {
	const lookup = context.connections;
	const side = data.side === "saddr" ? "source" : "destination";
	if (lookup === undefined)
		return unknownOutcome(
			`connlimit needs the connections per /${data.mask} ${side}, and no conntrack table is given`,
		);
	const address =
		data.side === "saddr" ? context.packet.src : context.packet.dst;
	const key = `connlimit:${maskAddress(address, data.mask)}`;
	const current = context.conntrack.entry;
	const stored = context.state.get<readonly Tuple[]>(key) ?? [];
	// A confirmed connection that is already closed cannot be added to the
	// address's existing list: the kernel drops its packets on the spot
	// (count_tree's hotdrop; recorded: fuzz seed 87, kept as fuzz-87).
	if (
		current &&
		!context.conntrack.unconfirmed &&
		closed(current) &&
		stored.length > 0
	)
		return {
			result: "no-match",
			hotdrop: true,
			reason: `its connection is closed (${current.tcpState ?? ""}): connlimit drops the packet`,
		};
	const own = current?.original ?? tupleOf(context.packet);
	// Tuples whose connection is gone or closed are dropped as the list is walked.
	const listed = stored.filter((tuple) => {
		const entry = lookup.find(tuple);
		return entry !== undefined && !closed(entry);
	});
	const counted = listed.some((t) => tupleKey(t) === tupleKey(own));
	const count = listed.length + (counted ? 0 : 1);
	context.state.set<readonly Tuple[]>(
		key,
		counted || context.conntrack.entry === undefined
			? listed
			: [...listed, own],
	);
	const over = count > data.limit;
	const reason = `${count} connection${count === 1 ? "" : "s"} from this /${data.mask} ${side}`;
	return {
		result: over === (data.mode === "above") ? "match" : "no-match",
		reason,
	};
}

export const connlimitMatch: MatchModule<ConnlimitData> = {
	name: "connlimit",
	needsConntrack: true,
	required: ["--connlimit-above", "--connlimit-upto"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		const full = context.family === "ipv4" ? 32 : 128;
		let data: ConnlimitData = {
			limit: 0,
			mode: "above",
			mask: full,
			side: "saddr",
		};
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			if (
				option.name === "--connlimit-saddr" ||
				option.name === "--connlimit-daddr"
			) {
				data = {
					...data,
					side: option.name.endsWith("saddr") ? "saddr" : "daddr",
				};
				continue;
			}
			const value =
				option.name === "--connlimit-mask"
					? parseConnlimitMask(text, context.family)
					: parseDecimal(text, 0xffffffff);
			if (value === undefined)
				diagnostics.push(
					optionError(option, `bad value "${text}" for ${option.name}`),
				);
			else if (option.name === "--connlimit-mask")
				data = { ...data, mask: value };
			else {
				const above =
					option.name === "--connlimit-above" ? !option.invert : false;
				data = { ...data, limit: value, mode: above ? "above" : "upto" };
			}
		}
		return { data, diagnostics };
	},
	evaluate,
	describe: (data) =>
		`#conn ${data.side === "saddr" ? "src" : "dst"}/${data.mask} ${data.mode === "above" ? ">" : "<="} ${data.limit}`,
};
