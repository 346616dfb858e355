/**
 * iptables-save / ip6tables-save text → Ruleset, line by line as
 * iptables-restore (iptables/iptables-restore.c) reads it: `*table`,
 * `:CHAIN POLICY [p:b]`, `[p:b] -A ...`, other commands, `COMMIT`, `#`
 * comments, blank lines. Total: it never throws and reports every problem
 * with its line and column, marking those iptables-restore refuses as fatal.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Family, ParseResult, Ruleset } from "../model/ruleset.js";
import { asciiView, binaryAt, type SourceText } from "./ascii-view.js";
import type { RuleObserver } from "./checked-rule.js";
import { countRules } from "./committed-table.js";
import { declareChain, declareNewChainAt } from "./declare-chain.js";
import { stopDeferringBeforeDeclaration } from "./deferred-rules.js";
import { detectFamily } from "./detect-family.js";
import {
	closeSink,
	createSink,
	fatal,
	report,
	reportFirst,
} from "./diagnostic-sink.js";
import { type Reader, stripCr } from "./line-reader.js";
import { readKeptRuleAt, readRule } from "./read-rule.js";
import { RuleIndex } from "./rule-index.js";
import { commit, outsideTable, startTable } from "./table-sections.js";

export type ParseOptions = {
	/** File name for diagnostics. @default "-" */
	readonly source?: string;
	/** Force a family instead of detecting it from the content. */
	readonly family?: Family;
	/**
	 * False reads every line with the general parser, skipping the fast lane
	 * for canonical lines (the two must agree; tests compare them). @default true
	 */
	readonly fastLane?: boolean;
	/**
	 * False builds every rule while reading. By default the rules of a table
	 * written as iptables-save writes it are built when their chain is first
	 * read (every line is still checked and reported at once). @default true
	 */
	readonly deferRules?: boolean;
	/**
	 * The text's own bytes, when the caller read it from a file and knows it
	 * is ASCII: saves encoding it again for the scanners.
	 */
	readonly ascii?: Uint8Array;
	/**
	 * Told about each rule line checked but not built (a table written as
	 * iptables-save writes it), with what the load checks need to know.
	 */
	readonly observer?: RuleObserver;
};

/** Parses iptables-save output. Never throws on any input. */
export function parseRuleset(
	text: string,
	options: ParseOptions = {},
): ParseResult {
	const source = options.source ?? "-";
	try {
		return parseText(
			asciiView(text, options.ascii),
			source,
			options.family ?? detectFamily(text),
			{
				fastLane: options.fastLane ?? true,
				deferRules: options.deferRules ?? true,
				observer: options.observer,
			},
		);
	} catch (error) {
		const diagnostic: Diagnostic = {
			severity: "error",
			code: "internal-error",
			message: `iptx parser failed: ${String(error)}`,
			source,
			line: 1,
			column: 1,
			length: 1,
			fatal: true,
		};
		return {
			ruleset: {
				family: options.family ?? "ipv4",
				tables: new Map(),
				rulesById: new Map(),
				ruleCount: 0,
			},
			diagnostics: [diagnostic],
		};
	}
}

function parseText(
	sourceText: SourceText,
	source: string,
	family: Family,
	lanes: Pick<Reader, "fastLane" | "deferRules" | "observer">,
): ParseResult {
	const sink = createSink(source);
	const reader: Reader = {
		sink,
		family,
		tables: new Map(),
		reported: new Set(),
		table: undefined,
		scope: undefined,
		tableLine: 0,
		crlfLines: 0,
		binaryLine: 0,
		binaryColumn: 0,
		...lanes,
		source: sourceText,
		lineStart: 0,
		laneRefused: { from: -1, end: -1 },
	};
	const { text } = sourceText;
	// Line by line with indexOf: no array of every line.
	let number = 0;
	for (let from = 0; from < text.length; number++) {
		let newline = text.indexOf("\n", from);
		if (newline === -1) newline = text.length;
		const end = pieceEnd(text, from, newline);
		reader.lineStart = from;
		if (
			!readKeptRuleAt(reader, from, end, number + 1) &&
			!declareNewChainAt(reader, from, end, number + 1)
		)
			readLine(reader, text.slice(from, end), number + 1);
		from = end === newline ? end + 1 : end;
	}
	const lineCount = Math.max(1, number);
	if (reader.binaryLine !== 0)
		// First in the list, as the first thing to know about such a file.
		reportFirst(sink, {
			severity: "warning",
			code: "binary-data",
			message:
				"the file contains binary data (control characters or invalid UTF-8); is it really iptables-save output?",
			line: reader.binaryLine,
			column: reader.binaryColumn,
		});
	if (reader.table !== undefined) {
		fatal(
			sink,
			"missing-commit",
			`COMMIT expected at end of file (table opened at line ${reader.tableLine} is never committed)`,
			lineCount + 1,
			1,
		);
		commit(reader);
	}
	if (reader.crlfLines > 1) {
		report(sink, {
			severity: "info",
			code: "crlf",
			message: `${reader.crlfLines - 1} more lines end with a carriage return (CRLF line endings)`,
			line: lineCount,
			column: 1,
		});
	}
	if (text.trim() === "")
		report(sink, {
			severity: "warning",
			code: "empty-file",
			message: "empty file: no tables to load",
			line: 1,
			column: 1,
		});
	else if (reader.tables.size === 0 && sink.list.length === 0)
		report(sink, {
			severity: "warning",
			code: "no-tables",
			message: "no *table section in the file",
			line: 1,
			column: 1,
		});
	closeSink(sink, lineCount + 1);
	const rulesById = new RuleIndex(reader.tables, countRules);
	const ruleset: Ruleset = {
		family,
		tables: reader.tables,
		rulesById,
		ruleCount: rulesById.size,
	};
	return { ruleset, diagnostics: sink.list };
}

/**
 * iptables-restore reads lines with fgets into 10,240 bytes: a longer line
 * is read as pieces of 10,239 bytes, each a line of its own.
 */
const maxLineBytes = 10239;

/** Where the piece of the line `from`..`newline` that fgets reads ends. */
function pieceEnd(text: string, from: number, newline: number): number {
	// No line this short can be past the limit, whatever its characters.
	if (newline - from <= maxLineBytes / 4) return newline;
	let bytes = 0;
	for (let i = from; i < newline; i++) {
		const code = text.charCodeAt(i);
		const size =
			code < 0x80
				? 1
				: code < 0x800
					? 2
					: code >= 0xdc00 && code < 0xe000
						? 1
						: 3;
		if (bytes + size > maxLineBytes) return i;
		bytes += size;
	}
	return newline;
}

/**
 * Notes the line's first binary character if it is the file's first; true
 * when the line has one. (The fast lane leaves such lines to readLine.)
 */
function findBinary(reader: Reader, length: number, number: number): boolean {
	const start = reader.lineStart;
	const at = binaryAt(reader.source, start, start + length);
	if (at === -1) return false;
	if (reader.binaryLine === 0) {
		reader.binaryLine = number;
		reader.binaryColumn = at - start + 1;
	}
	return true;
}

function readLine(reader: Reader, raw: string, number: number): void {
	let line = raw;
	const nul = findBinary(reader, raw.length, number) ? line.indexOf("\0") : -1;
	if (nul !== -1) {
		report(reader.sink, {
			severity: "warning",
			code: "nul-byte",
			message: "NUL byte: iptables-restore ignores the rest of the line",
			line: number,
			column: nul + 1,
		});
		line = line.slice(0, nul);
		if (line.length === 0) {
			fatal(
				reader.sink,
				"garbage",
				"the line starts with a NUL byte: iptables-restore cannot read it",
				number,
				1,
			);
			return;
		}
	}
	const first = line.charCodeAt(0);
	if (line.length === 0 || first === 35) return;
	if (first === 42 && reader.table === undefined) {
		startTable(reader, line, number);
		return;
	}
	if (first === 58 && reader.table !== undefined) {
		if (reader.table) stopDeferringBeforeDeclaration(reader.table);
		declareChain(reader, line, number);
		return;
	}
	const stripped = stripCr(reader, line, number, false);
	if (reader.table === undefined) {
		outsideTable(reader, stripped, number);
		return;
	}
	if (stripped === "COMMIT") {
		commit(reader);
		return;
	}
	if (first === 42) {
		fatal(
			reader.sink,
			"missing-commit",
			`COMMIT expected before ${stripped.split(/[ \t]/)[0]} (table opened at line ${reader.tableLine})`,
			number,
			1,
			stripped.length,
		);
		commit(reader);
		startTable(reader, stripped, number);
		return;
	}
	if (reader.table === null) return;
	readRule(reader, reader.table, stripped.length, number);
}
