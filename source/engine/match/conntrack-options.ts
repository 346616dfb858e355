/**
 * The options of `-m conntrack` and `-m state` read as libxt_conntrack and
 * libxt_state read them: state and status lists, protocol, direction,
 * expiry range, and original or reply addresses and ports.
 */
import { ctStatus } from "../conntrack/types.js";
import type { Family, RawOption } from "../model/ruleset.js";
import { type IpNetwork, parseIpNetwork } from "../net/ip-network.js";
import type { PortRange } from "../net/port-range.js";
import {
	type ModuleDiagnostic,
	type OptionSpecs,
	optionError,
	parseDecimal,
	splitItems,
} from "./option-values.js";
import { parseResolverRange } from "./protocol-ports.js";

/** State names in the order iptables prints them. */
export const ctStateNames = [
	"INVALID",
	"NEW",
	"RELATED",
	"ESTABLISHED",
	"UNTRACKED",
	"SNAT",
	"DNAT",
] as const;
export type CtStateName = (typeof ctStateNames)[number];

export const ctStatusNames = [
	"EXPECTED",
	"SEEN_REPLY",
	"ASSURED",
	"CONFIRMED",
] as const;

export type CtTest =
	| {
			readonly kind: "state";
			readonly states: readonly CtStateName[];
			readonly invert: boolean;
	  }
	| {
			readonly kind: "status";
			readonly mask: number;
			readonly names: readonly string[];
			readonly invert: boolean;
	  }
	| {
			readonly kind: "proto";
			readonly protocol: number;
			readonly invert: boolean;
	  }
	| {
			readonly kind: "addr";
			readonly which: "origsrc" | "origdst" | "replsrc" | "repldst";
			readonly network: IpNetwork;
			readonly invert: boolean;
	  }
	| {
			readonly kind: "port";
			readonly which: "origsrc" | "origdst" | "replsrc" | "repldst";
			readonly range: PortRange;
			readonly invert: boolean;
	  }
	| { readonly kind: "dir"; readonly reply: boolean; readonly invert: boolean }
	| {
			readonly kind: "expire";
			readonly min: number;
			readonly max: number;
			readonly invert: boolean;
	  };

const sides = ["origsrc", "origdst", "replsrc", "repldst"] as const;

/** The options of `-m conntrack` (revision 3), each invertible but `--ctdir`. */
export const conntrackSpecs: OptionSpecs = {
	"--ctstate": { arity: 1, invert: true },
	"--ctstatus": { arity: 1, invert: true },
	"--ctproto": { arity: 1, invert: true },
	"--ctdir": { arity: 1 },
	"--ctexpire": { arity: 1, invert: true },
	...Object.fromEntries(
		sides.flatMap((side) => [
			[`--ct${side}`, { arity: 1, invert: true }],
			[`--ct${side}port`, { arity: 1, invert: true }],
		]),
	),
};

const protocolNames: Readonly<Record<string, number>> = {
	icmp: 1,
	tcp: 6,
	udp: 17,
	gre: 47,
	esp: 50,
	ah: 51,
	sctp: 132,
	udplite: 136,
	dccp: 33,
	all: 0,
};

/** `-m state` (libxt_state) knows no SNAT/DNAT pseudo-states. */
const stateOnlyNames: readonly string[] = ctStateNames.filter(
	(s) => s !== "SNAT" && s !== "DNAT",
);

/**
 * A state list as libxt_conntrack/libxt_state read it: each item names the
 * first state it is a case-insensitive prefix of (strncasecmp over the
 * item's length), so `ESTAB` and `e` are ESTABLISHED (recorded with
 * iptables-legacy-save); an item that prefixes none is refused.
 */
export function readStates(
	text: string,
	alias: boolean,
): CtStateName[] | undefined {
	const items = splitItems(text.toUpperCase());
	const known: readonly string[] = alias ? stateOnlyNames : ctStateNames;
	const states: CtStateName[] = [];
	for (const item of items) {
		const name =
			item === "" ? undefined : known.find((k) => k.startsWith(item));
		if (name === undefined) return undefined;
		states.push(name as CtStateName);
	}
	return states;
}

/**
 * One option as a test; undefined after a diagnostic when its value is
 * refused (`Bad ctstate "..."`, as iptables says). `alias`: `-m state`.
 */
export function parseCtTest(
	option: RawOption,
	family: Family,
	diagnostics: ModuleDiagnostic[],
	alias = false,
): CtTest | undefined {
	const text = option.args[0] ?? "";
	const invert = option.invert;
	const fail = (what: string) => {
		diagnostics.push(optionError(option, `Bad ${what} "${text}"`));
		return undefined;
	};
	const name = option.name.slice(4);
	if (name === "state") {
		const states = readStates(text, alias);
		if (states === undefined) return fail(alias ? "state" : "ctstate");
		return { kind: "state", states, invert };
	}
	if (name === "status") {
		const names = splitItems(text.toUpperCase());
		let mask = 0;
		for (const n of names) {
			if (n === "NONE") continue;
			if (!(ctStatusNames as readonly string[]).includes(n))
				return fail("ctstatus");
			mask |= ctStatus[n as keyof typeof ctStatus];
		}
		return { kind: "status", mask, names, invert };
	}
	if (name === "proto") {
		const protocol =
			protocolNames[text.toLowerCase()] ?? parseDecimal(text, 255);
		return protocol === undefined
			? fail("ctproto")
			: { kind: "proto", protocol, invert };
	}
	if (name === "dir") {
		const upper = text.toUpperCase();
		if (upper !== "ORIGINAL" && upper !== "REPLY") return fail("ctdir");
		return { kind: "dir", reply: upper === "REPLY", invert };
	}
	if (name === "expire") {
		const [a = "", b] = text.split(":");
		const min = parseDecimal(a, 0xffffffff);
		const max = b === undefined ? min : parseDecimal(b, 0xffffffff);
		return min === undefined || max === undefined
			? fail("ctexpire")
			: { kind: "expire", min, max, invert };
	}
	const side = sides.find((s) => name === s || name === `${s}port`);
	if (side === undefined) return undefined;
	if (name.endsWith("port")) {
		// libxt_conntrack resolves ports as udp does (getaddrinfo): `010` is 10,
		// `0x10` refused (recorded with iptables-legacy-save).
		const range = parseResolverRange(text);
		return typeof range === "string"
			? fail("port")
			: { kind: "port", which: side, range, invert };
	}
	const network = parseIpNetwork(text, family);
	return network === undefined
		? fail("address")
		: { kind: "addr", which: side, network, invert };
}
