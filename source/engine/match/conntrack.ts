/**
 * `-m conntrack` (xt_conntrack.c, revision 3) and `-m state` (xt_state.c,
 * loaded by iptables 1.8 as an alias). A packet without a connection
 * (INVALID, UNTRACKED) passes only when the rule tests `--ctstate` and that
 * test passes; every other option is then skipped.
 */

import type { CtView } from "../conntrack/types.js";
import { ctDirection, ctStateName, ctStatus } from "../conntrack/types.js";
import type { Family, RawOption } from "../model/ruleset.js";
import { type IpNetwork, parseIpNetwork } from "../net/ip-network.js";
import type { PortRange } from "../net/port-range.js";
import { conntrackTests, describeCtTest } from "./conntrack-tests.js";
import {
	allOf,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	parseDecimal,
	splitItems,
	unknownOutcome,
} from "./option-values.js";
import { parseResolverRange } from "./protocol-ports.js";
import type {
	MatchContext,
	MatchModule,
	MatchOutcome,
	QuickCheck,
} from "./types.js";

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

export type ConntrackData = {
	readonly tests: readonly CtTest[];
	/** `-m state` prints `state`; `-m conntrack` prints `ctstate`. */
	readonly alias: boolean;
};

const sides = ["origsrc", "origdst", "replsrc", "repldst"] as const;

const specs: OptionSpecs = {
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

/** A `--ctstate` (`alias`: `--state`) list; undefined when a name is unknown. */
/**
 * A state list as libxt_conntrack/libxt_state read it: each item names the
 * first state it is a case-insensitive prefix of (strncasecmp over the
 * item's length), so `ESTAB` and `e` are ESTABLISHED (recorded with
 * iptables-legacy-save); an item that prefixes none is refused.
 */
function readStates(text: string, alias: boolean): CtStateName[] | undefined {
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

/** Vouches for `--ctstate`/`--state` lists only (what most rules test). */
function quickStates(option: string, alias: boolean): QuickCheck {
	return (options) => {
		for (let i = 0; i < options.count; i++)
			if (
				options.name(i) !== option ||
				options.argCount(i) !== 1 ||
				readStates(options.arg(i), alias) === undefined
			)
				return false;
		return true;
	};
}

function parseTest(
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

function parseWith(alias: boolean): MatchModule<ConntrackData>["parse"] {
	return (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		const renamed = alias
			? options.map((o) =>
					o.name === "--state" ? { ...o, name: "--ctstate" } : o,
				)
			: options;
		const own = alias
			? { "--ctstate": specs["--ctstate"] ?? { arity: 1 } }
			: specs;
		const tests: CtTest[] = [];
		for (const option of checkOptions(renamed, own, diagnostics)) {
			const test = parseTest(option, context.family, diagnostics, alias);
			if (test !== undefined) tests.push(test);
		}
		return { data: { tests, alias }, diagnostics };
	};
}

/** The state bits a packet carries: the base state plus SNAT/DNAT. */
export function packetStates(view: CtView): readonly CtStateName[] {
	const states: CtStateName[] = [ctStateName(view.info)];
	const status = view.entry?.status ?? 0;
	if (status & ctStatus.SRC_NAT) states.push("SNAT");
	if (status & ctStatus.DST_NAT) states.push("DNAT");
	return states;
}

function evaluate(data: ConntrackData, context: MatchContext): MatchOutcome {
	const view = context.conntrack;
	const state = data.tests.find((t) => t.kind === "state");
	if (state?.kind === "state") {
		const have = packetStates(view);
		const hit = state.states.some((s) => have.includes(s));
		if (hit === state.invert)
			return noMatch(
				`${state.invert ? "! " : ""}ctstate ${have.join(",")} not in ${state.states.join(",")}`,
			);
	}
	if (view.info === "INVALID" || view.info === "UNTRACKED")
		return state === undefined
			? noMatch(`no conntrack (${view.info})`)
			: matched;
	const entry = view.entry;
	const rest = data.tests.filter((t) => t.kind !== "state");
	if (rest.length === 0) return matched;
	if (entry === undefined) return unknownOutcome("conntrack entry not known");
	return allOf(
		conntrackTests(rest, {
			entry,
			reply: ctDirection(view.info) === "REPLY",
			confirmed: view.unconfirmed !== true,
			time: context.time,
		}),
	);
}

function describe(data: ConntrackData): string {
	return data.tests.map((test) => describeCtTest(test, data.alias)).join(" ");
}

/** `-m conntrack`. */
export const conntrackMatch: MatchModule<ConntrackData> = {
	name: "conntrack",
	needsConntrack: true,
	required: Object.keys(specs),
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: parseWith(false),
	evaluate,
	describe,
	quickCheck: quickStates("--ctstate", false),
};

/** `-m state --state …`: the same test as `--ctstate`. */
export const stateMatch: MatchModule<ConntrackData> = {
	name: "state",
	needsConntrack: true,
	required: ["--state"],
	optionNames: ["--state"],
	optionSpecs: { "--state": { arity: 1, invert: true } },
	parse: parseWith(true),
	evaluate,
	describe,
	quickCheck: quickStates("--state", true),
};
