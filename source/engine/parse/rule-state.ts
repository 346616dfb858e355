/**
 * The state of one rule line being read, what it knows of its table (the
 * scope, reused from line to line), and reading the line's next words.
 * Both lanes fill the same state (parse-rule.ts, canonical-rule.ts) and
 * end in the same finish (finish-rule.ts).
 */

import type { Mutable } from "../lib/mutable.js";
import type {
	AddressTest,
	Counters,
	Family,
	RuleHeader,
	TableName,
} from "../model/ruleset.js";
import type { SourceText } from "./ascii-view.js";
import type { RuleObserver } from "./checked-rule.js";
import { type DiagnosticSink, fatal } from "./diagnostic-sink.js";
import type { CommandName } from "./rule-command.js";
import type {
	MatchBuilder,
	OptionOwner,
	TargetBuilder,
} from "./rule-options.js";
import { noItems } from "./short-list.js";
import type { Token } from "./tokenize-line.js";

export type ChainKind = "builtin" | "user";

/** What the rule parser needs to know about the table it is in. */
export type RuleScope = {
	readonly table: TableName;
	readonly family: Family;
	/** Updated per line; the scope object is reused across a table's lines. */
	line: number;
	readonly sink: DiagnosticSink;
	readonly chainKind: (name: string) => ChainKind | undefined;
	readonly chainName: (name: string) => string | undefined;
	/** The chain's number in its table (-1: none), as a rule's chain or as a target. */
	readonly chainNumber: (name: string) => number;
	readonly targetNumber: (name: string) => number;
	/** Unknown module names already reported (each is reported once). */
	readonly reported: Set<string>;
	/** The current line and where its words start (after `[p:b]`). */
	text: string;
	start: number;
	/** Where the current line is in the whole text. */
	lineStart: number;
	lineEnd: number;
	readonly source: SourceText;
	/** The `*table` line of the table section being read. */
	readonly tableLine: number;
	/** Told about each line checked but not built. */
	readonly observer: RuleObserver | undefined;
	/**
	 * False: check the line and report what is wrong, but build no matches or
	 * target (the rule is built later from its line, when its chain is read).
	 */
	build: boolean;
};

type State = {
	readonly scope: RuleScope;
	readonly tokens: readonly Token[];
	index: number;
	command?: CommandName;
	chain?: string;
	chainColumn: number;
	position?: number;
	argument?: string;
	header: Mutable<RuleHeader>;
	sources: AddressTest[];
	destinations: AddressTest[];
	matches: MatchBuilder[];
	target?: TargetBuilder;
	counters?: Counters;
	owner: OptionOwner | undefined;
	/** Header options seen so far, as bits of `headerBits`. */
	seen: number;
	skip: boolean;
};

export function isOption(token: Token): boolean {
	return (
		!token.quoted && token.text.length > 1 && token.text.charCodeAt(0) === 45
	);
}

/** A fresh parse state for one line. */
export function createRuleState(
	scope: RuleScope,
	tokens: readonly Token[],
	counters: Counters | undefined,
): State {
	const state: State = {
		scope,
		tokens,
		index: 0,
		chainColumn: 1,
		header: {},
		sources: noItems(),
		destinations: noItems(),
		matches: noItems(),
		owner: undefined,
		seen: 0,
		skip: false,
	};
	if (counters) state.counters = counters;
	return state;
}

/**
 * Next word as an option value (attached value first); undefined when
 * missing. As getopt does for an option that requires an argument, the
 * next word is the value whatever it is: `-i -s` names an interface `-s`,
 * `-o !` one named `!`.
 */
export function takeValue(
	state: State,
	attached: string | undefined,
	name: string,
	column: number,
): Token | undefined {
	if (attached !== undefined)
		return {
			text: attached,
			column: column + name.length,
			length: attached.length,
			quoted: false,
		};
	const next = state.tokens[state.index];
	if (next === undefined) {
		fatal(
			state.scope.sink,
			"missing-argument",
			`option "${name}" requires an argument`,
			state.scope.line,
			column,
			name.length,
		);
		return undefined;
	}
	state.index++;
	return next;
}

export type { State as RuleParseState };
