/**
 * One rule line (`[p:b] -A CHAIN ...`) → a RuleCommand: the counters, then
 * the fast lane for canonical lines or the general parser for any other.
 * Used when a line is first read and again when its chain is built later.
 */
import type { Counters, Family, TableName } from "../model/ruleset.js";
import type { SourceText } from "./ascii-view.js";
import { parseCanonicalRule } from "./canonical-rule.js";
import type { RuleObserver } from "./checked-rule.js";
import { type DiagnosticSink, fatal, report } from "./diagnostic-sink.js";
import { parseRuleTokens } from "./parse-rule.js";
import type { RuleCommand } from "./rule-command.js";
import type { ChainKind, RuleScope } from "./rule-state.js";
import {
	maxRuleWords,
	maxWordBytes,
	type Token,
	tokenizeRuleLine,
	utf8Length,
} from "./tokenize-line.js";

const counterPattern = /^\[(\d+):(\d+)\]$/;

export const zeroCounters: Counters = { packets: 0n, bytes: 0n };

/** `[p:b]` as counters (`[0:0]`, the usual case, is one shared object). */
export function readCounterText(text: string): Counters | undefined {
	if (text === "[0:0]") return zeroCounters;
	const parsed = counterPattern.exec(text);
	if (!parsed) return undefined;
	const [, packets = "0", bytes = "0"] = parsed;
	return packets === "0" && bytes === "0"
		? zeroCounters
		: { packets: BigInt(packets), bytes: BigInt(bytes) };
}

/** A rule line's leading `[p:b]` (the line starts with `[`): where its words start, and the counters. */
function readCounters(
	sink: DiagnosticSink,
	line: string,
	number: number,
): [number, Counters | undefined] {
	const close = line.indexOf("]");
	if (close === -1 || line.indexOf(":") === -1 || line.indexOf(":") > close) {
		fatal(
			sink,
			"bad-counters",
			`Bad line ${number}: need ] (rule counters are written [packets:bytes])`,
			number,
			1,
			close === -1 ? line.length : close + 1,
		);
		return [close === -1 ? line.length : close + 1, undefined];
	}
	return [close + 1, readCounterText(line.slice(0, close + 1))];
}

/** What the line reader needs to know about the table it reads into. */
export type ScopeTable = {
	readonly name: TableName;
	/** The `*table` line. */
	readonly line: number;
	readonly source: SourceText;
	readonly chainKind: (name: string) => ChainKind | undefined;
	readonly chainName: (name: string) => string | undefined;
	readonly chainNumber: (name: string) => number;
	readonly targetNumber: (name: string) => number;
};

/** A scope for the lines of one table, reused from line to line. */
export function createRuleScope(
	table: ScopeTable,
	family: Family,
	sink: DiagnosticSink,
	reported: Set<string>,
	observer?: RuleObserver,
): RuleScope {
	return {
		table: table.name,
		family,
		line: 0,
		sink,
		chainKind: table.chainKind,
		chainName: table.chainName,
		chainNumber: table.chainNumber,
		targetNumber: table.targetNumber,
		reported,
		text: "",
		start: 0,
		lineStart: 0,
		lineEnd: 0,
		source: table.source,
		tableLine: table.line,
		observer,
		build: true,
	};
}

/**
 * Parses rule line `number`, `lineStart`..`end` of `source`; undefined when
 * it has no usable command. `fastLane` false reads it with the general
 * parser only. The line becomes a string of its own only when something
 * needs one: the general parser, or a rule being built (it keeps its text).
 */
export function parseRuleLine(
	scope: RuleScope,
	source: SourceText,
	lineStart: number,
	end: number,
	number: number,
	fastLane: boolean,
): RuleCommand | undefined {
	let line: string | undefined;
	const lineText = (): string => {
		line ??= source.text.slice(lineStart, end);
		return line;
	};
	let start = 0;
	let counters: Counters | undefined;
	if (source.bytes[lineStart] === 91)
		[start, counters] = readCounters(scope.sink, lineText(), number);
	scope.line = number;
	scope.text = scope.build ? lineText() : "";
	scope.start = start;
	scope.lineStart = lineStart;
	scope.lineEnd = end;
	if (fastLane) {
		const command = parseCanonicalRule(
			source,
			lineStart,
			lineStart + start,
			end,
			scope,
			counters,
		);
		if (command !== null) return command;
	}
	const { tokens, unterminatedQuote } = tokenizeRuleLine(lineText(), start);
	if (unterminatedQuote !== undefined)
		report(scope.sink, {
			severity: "warning",
			code: "unterminated-quote",
			message:
				"quote is never closed: iptables-restore reads the rest of the line, its newline included, as one word",
			line: number,
			column: unterminatedQuote,
		});
	if (!withinArgv(scope, tokens)) return undefined;
	return parseRuleTokens(tokens, scope, counters);
}

/**
 * False (reported) when iptables-restore's argv cannot hold the line: a
 * word of 1,024 bytes or more, or more words than its argv has room for.
 */
function withinArgv(scope: RuleScope, tokens: readonly Token[]): boolean {
	for (const token of tokens)
		if (
			token.text.length > maxWordBytes / 3 &&
			utf8Length(token.text) > maxWordBytes
		) {
			fatal(
				scope.sink,
				"parameter-too-long",
				`Parameter too long! (a word of ${utf8Length(token.text)} bytes; iptables-restore takes at most ${maxWordBytes})`,
				scope.line,
				token.column,
				token.length,
			);
			return false;
		}
	if (tokens.length <= maxRuleWords) return true;
	const extra = tokens[maxRuleWords] as Token;
	fatal(
		scope.sink,
		"too-many-arguments",
		`Parser cannot handle more arguments (iptables-restore takes at most ${maxRuleWords} words in a rule line; this one has ${tokens.length})`,
		scope.line,
		extra.column,
		extra.length,
	);
	return false;
}
