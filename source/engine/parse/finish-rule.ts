/**
 * A filled-in line state → its RuleCommand: the modules parse their options
 * and the target resolves; or, for a line whose rule is built later, only
 * the checks, with the observer told what the line says.
 */

import type { Mutable } from "../lib/mutable.js";
import type {
	MatchCall,
	ProtocolTest,
	RuleHeader,
	TargetCall,
} from "../model/ruleset.js";
import {
	CheckedRule,
	type RuleFacts,
	type RuleObserver,
} from "./checked-rule.js";
import { fatal } from "./diagnostic-sink.js";
import {
	checkMatches,
	checkTarget,
	finishMatches,
	finishTarget,
	parseContextOf,
} from "./module-calls.js";
import type { CommandName, RuleCommand, RuleSpec } from "./rule-command.js";
import type { RuleParseState as State } from "./rule-state.js";

const noMatches: readonly MatchCall[] = Object.freeze([]);
const emptyHeader: RuleHeader = Object.freeze({});
const protocolHeaders = new WeakMap<ProtocolTest, RuleHeader>();

/**
 * The header, or one shared object for the common `-p PROTO`-only and empty
 * headers (rules never change their header once parsed).
 */
function sharedHeader(header: Mutable<RuleHeader>): RuleHeader {
	if (
		header.source !== undefined ||
		header.destination !== undefined ||
		header.inInterface !== undefined ||
		header.outInterface !== undefined ||
		header.fragment !== undefined
	)
		return header;
	const protocol = header.protocol;
	if (protocol === undefined) return emptyHeader;
	let shared = protocolHeaders.get(protocol);
	if (shared === undefined) {
		shared = header;
		protocolHeaders.set(protocol, shared);
	}
	return shared;
}

/** The command a filled-in state stands for (modules parse their options here). */
export function finish(state: State): RuleCommand | undefined {
	const { scope } = state;
	if (state.command === undefined) {
		const first = state.tokens[0];
		fatal(
			scope.sink,
			"no-command",
			"no command specified (a rule line needs -A, -I, -D, -N, -P, ...)",
			scope.line,
			first?.column ?? 1,
			first?.length ?? 1,
		);
		return undefined;
	}
	if (!scope.build) return checkOnly(state);
	const matches =
		state.matches.length === 0
			? noMatches
			: finishMatches(
					state.matches,
					parseContextOf(state, scope),
					scope.sink,
					scope,
				);
	if (state.sources[0]) state.header.source = state.sources[0];
	if (state.destinations[0]) state.header.destination = state.destinations[0];
	const spec: Mutable<RuleSpec> = {
		header: sharedHeader(state.header),
		sources: state.sources,
		destinations: state.destinations,
		matches,
	};
	if (state.target) spec.target = finishTarget(state.target, state, scope);
	if (state.counters) spec.counters = state.counters;
	const command: Mutable<RuleCommand> = {
		kind: state.command,
		chainColumn: state.chainColumn,
		spec,
		targetColumn: state.target?.column ?? 1,
	};
	if (state.chain !== undefined) command.chain = state.chain;
	if (state.position !== undefined) command.position = state.position;
	if (state.argument !== undefined) command.argument = state.argument;
	return command;
}

/** Tells the observer what a checked line says about its rule. */
export function tellObserver(
	observer: RuleObserver,
	state: State,
	matches: RuleFacts["matches"],
	target: RuleFacts["target"],
): void {
	const { scope } = state;
	const kind = target?.kind;
	observer(
		new CheckedRule(
			{
				chain: state.chain ?? "",
				line: scope.line,
				table: scope.table,
				header: state.header,
				matches,
				target,
				tableLine: scope.tableLine,
				copies:
					Math.max(1, state.sources.length) *
					Math.max(1, state.destinations.length),
				chainNumber: scope.chainNumber(state.chain ?? ""),
				targetNumber:
					kind === "jump" || kind === "goto"
						? scope.targetNumber(target?.name ?? "")
						: -1,
			},
			scope.source,
			scope.lineStart,
			scope.lineEnd,
		),
	);
}

function observe(
	observer: RuleObserver,
	state: State,
	kind: TargetCall["kind"] | undefined,
): void {
	const { target } = state;
	tellObserver(
		observer,
		state,
		state.matches,
		target && kind
			? {
					name: target.name,
					kind,
					column: target.column,
					options: target.options,
				}
			: undefined,
	);
}

/** Reports the matches' and target's problems; the command without them. */
function checkOnly(state: State): RuleCommand {
	const { scope } = state;
	const context = parseContextOf(state, scope);
	if (state.matches.length > 0)
		checkMatches(state.matches, context, scope.sink);
	const kind = state.target
		? checkTarget(state.target, state, scope, context)
		: undefined;
	if (scope.observer) observe(scope.observer, state, kind);
	return checkedCommand(state, state.target?.column ?? 1);
}

/**
 * The command of a checked line whose rule is built later: what keeping
 * the line needs (its chain, and its addresses for the rule count).
 */
export function checkedCommand(
	state: State,
	targetColumn: number,
): RuleCommand {
	const command: Mutable<RuleCommand> = {
		kind: state.command as CommandName,
		chainColumn: state.chainColumn,
		spec: {
			header: emptyHeader,
			sources: state.sources,
			destinations: state.destinations,
			matches: noMatches,
		},
		targetColumn,
	};
	if (state.chain !== undefined) command.chain = state.chain;
	return command;
}
