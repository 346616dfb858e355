/**
 * What the line reader carries from line to line: the text, the table being
 * read, what was reported once, and the options it was asked to read with.
 * Also the CR rule every part of a line reader applies.
 */
import type { Family, Table, TableName } from "../model/ruleset.js";
import type { SourceText } from "./ascii-view.js";
import type { RuleObserver } from "./checked-rule.js";
import { type DiagnosticSink, fatal } from "./diagnostic-sink.js";
import type { RuleScope } from "./rule-state.js";
import type { TableState } from "./table-state.js";

export type Reader = {
	readonly sink: DiagnosticSink;
	readonly family: Family;
	readonly tables: Map<TableName, Table>;
	readonly reported: Set<string>;
	/** Current table; `null` while skipping a table that does not exist. */
	table: TableState | null | undefined;
	tableLine: number;
	crlfLines: number;
	/** Line and column of the first binary character (0: none so far). */
	binaryLine: number;
	binaryColumn: number;
	/** Rule scope reused across the lines of one table. */
	scope: RuleScope | undefined;
	readonly fastLane: boolean;
	readonly deferRules: boolean;
	readonly observer: RuleObserver | undefined;
	/** The source text and where the current line starts in it. */
	readonly source: SourceText;
	lineStart: number;
	/** The last line span the fast lane refused (the general parser reads it). */
	laneRefused: { readonly from: number; readonly end: number };
};

/** Strips a trailing `\r`, reporting the first such line as iptables sees it. */
export function stripCr(
	reader: Reader,
	raw: string,
	number: number,
	harmless: boolean,
): string {
	if (!raw.endsWith("\r")) return raw;
	if (!harmless) {
		reader.crlfLines++;
		if (reader.crlfLines === 1)
			fatal(
				reader.sink,
				"crlf",
				"the line ends with a carriage return (CRLF line endings): iptables-restore reads `\\r' as part of the last word; convert the file to LF line endings",
				number,
				raw.length,
			);
	}
	return raw.slice(0, -1);
}
