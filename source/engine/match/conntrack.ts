/**
 * `-m conntrack` (xt_conntrack.c, revision 3) and `-m state` (xt_state.c,
 * loaded by iptables 1.8 as an alias). A packet without a connection
 * (INVALID, UNTRACKED) passes only when the rule tests `--ctstate` and that
 * test passes; every other option is then skipped.
 */

import type { CtView } from "../conntrack/types.js";
import { ctDirection, ctStateName, ctStatus } from "../conntrack/types.js";
import {
	type CtStateName,
	type CtTest,
	conntrackSpecs,
	parseCtTest,
	readStates,
} from "./conntrack-options.js";
import { conntrackTests, describeCtTest } from "./conntrack-tests.js";
import {
	allOf,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	unknownOutcome,
} from "./option-values.js";
import type {
	MatchContext,
	MatchModule,
	MatchOutcome,
	QuickCheck,
} from "./types.js";

export type ConntrackData = {
	readonly tests: readonly CtTest[];
	/** `-m state` prints `state`; `-m conntrack` prints `ctstate`. */
	readonly alias: boolean;
};

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

function parseWith(alias: boolean): MatchModule<ConntrackData>["parse"] {
	return (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		const renamed = alias
			? options.map((o) =>
					o.name === "--state" ? { ...o, name: "--ctstate" } : o,
				)
			: options;
		const own = alias
			? { "--ctstate": conntrackSpecs["--ctstate"] ?? { arity: 1 } }
			: conntrackSpecs;
		const tests: CtTest[] = [];
		for (const option of checkOptions(renamed, own, diagnostics)) {
			const test = parseCtTest(option, context.family, diagnostics, alias);
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
	required: Object.keys(conntrackSpecs),
	optionNames: Object.keys(conntrackSpecs),
	optionSpecs: conntrackSpecs,
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
