/**
 * iptables-save / ip6tables-save text → Ruleset, line by line as
 * iptables-restore (iptables/iptables-restore.c) reads it: `*table`,
 * `:CHAIN POLICY [p:b]`, `[p:b] -A ...`, other commands, `COMMIT`, `#`
 * comments, blank lines. Total: it never throws and reports every problem
 * with its line and column, marking those iptables-restore refuses as fatal.
 */
import type { Diagnostic } from "../diagnostics.js";
import {
	type Family,
	type ParseResult,
	type Ruleset,
	type Table,
	type TableName,
	tableNames,
} from "../model/ruleset.js";
import { asciiView, binaryAt, type SourceText } from "./ascii-view.js";
import { parseCanonicalRule } from "./canonical-rule.js";
import { declareUserChain, setPolicy } from "./chain-commands.js";
import type { RuleObserver } from "./checked-rule.js";
import {
	countRules,
	deferRule,
	finishTable,
	rebuildLine,
	stopDeferring,
	stopDeferringBeforeDeclaration,
} from "./deferred-rules.js";
import { detectFamily } from "./detect-family.js";
import {
	closeSink,
	createSink,
	type DiagnosticSink,
	fatal,
	report,
	reportFirst,
} from "./diagnostic-sink.js";
import type { RuleCommand } from "./rule-command.js";
import { RuleIndex } from "./rule-index.js";
import {
	createRuleScope,
	parseRuleLine,
	readCounterText,
	zeroCounters,
} from "./rule-line.js";
import type { RuleScope } from "./rule-state.js";
import { applyCommand } from "./table-builder.js";
import { createTable, type TableState } from "./table-state.js";

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

type Reader = {
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
	};
	const { text } = sourceText;
	// Line by line with indexOf: no array of every line.
	let number = 0;
	for (let from = 0; from < text.length; number++) {
		let end = text.indexOf("\n", from);
		if (end === -1) end = text.length;
		reader.lineStart = from;
		if (
			!readKeptRuleAt(reader, from, end, number + 1) &&
			!declareNewChainAt(reader, from, end, number + 1)
		)
			readLine(reader, text.slice(from, end), number + 1);
		from = end + 1;
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

/** Strips a trailing `\r`, reporting the first such line as iptables sees it. */
function stripCr(
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

function outsideTable(reader: Reader, line: string, number: number): void {
	const { sink } = reader;
	const word = line.trim().split(/[ \t]/)[0] ?? "";
	if (word === "COMMIT")
		fatal(
			sink,
			"commit-outside-table",
			"COMMIT without a *table line before it",
			number,
			1,
			line.length,
		);
	else if (line.charCodeAt(0) === 45 || line.charCodeAt(0) === 91)
		fatal(
			sink,
			"rule-outside-table",
			"rule before any *table line (iptables-restore: line failed)",
			number,
			1,
			Math.max(1, word.length),
		);
	else if (line.charCodeAt(0) === 58)
		fatal(
			sink,
			"rule-outside-table",
			"chain declaration before any *table line",
			number,
			1,
			Math.max(1, word.length),
		);
	else
		fatal(
			sink,
			"garbage",
			`not an iptables-save line: \`${word.slice(0, 40)}'`,
			number,
			1,
			Math.max(1, word.length),
		);
}

function startTable(reader: Reader, line: string, number: number): void {
	const match = /^\*([^ \t]*)/.exec(line);
	let name = match?.[1] ?? "";
	reader.tableLine = number;
	if (name.endsWith("\r")) {
		reader.crlfLines++;
		const bare = name.slice(0, -1);
		fatal(
			reader.sink,
			"unknown-table",
			`unable to initialize table '${bare}\\r': the line ends with a carriage return (CRLF line endings); convert the file to LF line endings`,
			number,
			2,
			name.length,
		);
		name = bare;
	} else if (!(tableNames as readonly string[]).includes(name)) {
		fatal(
			reader.sink,
			"unknown-table",
			`unable to initialize table '${name}': no such table (tables are ${tableNames.join(", ")})`,
			number,
			2,
			Math.max(1, name.length),
		);
	}
	if (!(tableNames as readonly string[]).includes(name)) {
		reader.table = null;
		return;
	}
	const tableName = name as TableName;
	if (reader.tables.has(tableName)) {
		report(reader.sink, {
			severity: "warning",
			code: "duplicate-table",
			message: `table ${tableName} appears again; iptables-restore replaces the earlier one`,
			line: number,
			column: 2,
			length: name.length,
		});
	}
	reader.table = createTable(tableName, number, reader.family, reader.sink, {
		defer: reader.deferRules,
		fastLane: reader.fastLane,
		source: reader.source,
	});
}

function commit(reader: Reader): void {
	const table = reader.table;
	reader.table = undefined;
	if (!table) return;
	reader.tables.delete(table.name);
	reader.tables.set(table.name, finishTable(table));
}

/** Words separated by runs of spaces and tabs, from index `from`. */
function splitWords(line: string, from: number): string[] {
	const words: string[] = [];
	let start = -1;
	for (let i = from; i <= line.length; i++) {
		const c = i === line.length ? 32 : line.charCodeAt(i);
		if (c === 32 || c === 9) {
			if (start !== -1) words.push(line.slice(start, i));
			start = -1;
		} else if (start === -1) start = i;
	}
	return words;
}

/**
 * The words of `:NAME POLICY [p:b]`: as iptables-save writes it (one space
 * between three words) without a word list, else split in general.
 */
function declarationWords(line: string): string[] {
	const first = line.indexOf(" ");
	const second = first === -1 ? -1 : line.indexOf(" ", first + 1);
	if (
		first > 1 &&
		second > first + 1 &&
		second < line.length - 1 &&
		line.indexOf(" ", second + 1) === -1 &&
		line.indexOf("\t") === -1
	)
		return [
			line.slice(1, first),
			line.slice(first + 1, second),
			line.slice(second + 1),
		];
	return splitWords(line, 1);
}

/** The bytes of ` - [0:0]`, the rest of a new user chain's declaration. */
const newChainTail = [32, 45, 32, 91, 48, 58, 48, 93];

/**
 * The common declaration, `:NAME - [0:0]` of a chain not declared before
 * (a kube-proxy file has 40,000), read from the text's bytes without making
 * the line a string. False when declareChain must read the line.
 */
function declareNewChainAt(
	reader: Reader,
	from: number,
	end: number,
	number: number,
): boolean {
	const { table, source, fastLane } = reader;
	const { bytes } = source;
	if (!table || !fastLane || bytes[from] !== 58) return false;
	const tail = end - newChainTail.length;
	if (tail <= from + 1) return false;
	for (let i = from + 1; i < tail; i++) {
		const code = bytes[i] as number;
		if (code <= 32 || code > 126) return false;
	}
	for (let i = 0; i < newChainTail.length; i++)
		if (bytes[tail + i] !== newChainTail[i]) return false;
	const name = source.text.slice(from + 1, tail);
	if (table.chains.has(name)) return false;
	stopDeferringBeforeDeclaration(table);
	declareUserChain(table, name, number, 2, undefined).counters = zeroCounters;
	return true;
}

function declareChain(reader: Reader, raw: string, number: number): void {
	const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
	const words = declarationWords(line);
	const table = reader.table;
	const { sink } = reader;
	const [name, policy, counters] = words;
	if (raw !== line && words.length < 3) stripCr(reader, raw, number, false);
	if (!table) return;
	if (name === undefined) {
		fatal(sink, "bad-chain-name", "no chain name after `:'", number, 1);
		return;
	}
	if (policy === undefined) {
		fatal(
			sink,
			"bad-policy",
			`iptables-restore: line ${number} policy invalid (write :${name} ACCEPT, DROP or -)`,
			number,
			1,
			line.length,
		);
		return;
	}
	const column = line.indexOf(name) + 1;
	// One lookup: declarations are a third of a kube-proxy file's lines.
	const existing = table.chains.get(name);
	let chain = existing;
	if (policy === "-") {
		if (existing?.builtin) {
			report(sink, {
				severity: "info",
				code: "builtin-without-policy",
				message: `built-in chain ${name} declared with \`-': its policy stays as it was (ACCEPT in a fresh namespace)`,
				line: number,
				column,
				length: name.length,
			});
			existing.line = number;
		} else chain = declareUserChain(table, name, number, column, existing);
	} else if (existing?.builtin)
		setPolicy(table, name, policy, number, column, false);
	else {
		if (!existing)
			chain = declareUserChain(table, name, number, column, undefined);
		setPolicy(table, name, policy, number, column, false);
	}
	if (counters === undefined || !chain) return;
	const parsed = readCounterText(counters);
	if (parsed) chain.counters = parsed;
}

/** The rule scope for `table`, reused from line to line. */
function scopeFor(reader: Reader, table: TableState): RuleScope {
	let scope = reader.scope;
	if (scope?.table !== table.name || scope.chainKind !== table.chainKind) {
		scope = createRuleScope(
			table,
			reader.family,
			reader.sink,
			reader.reported,
			reader.observer,
		);
		reader.scope = scope;
	}
	return scope;
}

/**
 * The common case without making the line a string: an `-A` line of a
 * table whose rules are kept, read by the fast lane straight from the text.
 * False when readLine must read the line.
 */
function readKeptRuleAt(
	reader: Reader,
	from: number,
	end: number,
	number: number,
): boolean {
	const table = reader.table;
	const { source } = reader;
	if (!table?.deferring || !reader.fastLane || source.bytes[from] !== 45)
		return false;
	const scope = scopeFor(reader, table);
	scope.build = false;
	scope.line = number;
	scope.text = "";
	scope.start = 0;
	scope.lineStart = from;
	scope.lineEnd = end;
	const command = parseCanonicalRule(source, from, from, end, scope, undefined);
	if (command === null) return false;
	if (command === undefined) return true;
	keepOrApply(table, command, from, end, number);
	return true;
}

/** A rule line that readLine has cut to `length` (NUL, CR). */
function readRule(
	reader: Reader,
	table: TableState,
	length: number,
	number: number,
): void {
	const scope = scopeFor(reader, table);
	scope.build = !table.deferring;
	const start = reader.lineStart;
	const end = start + length;
	const command = parseRuleLine(
		scope,
		reader.source,
		start,
		end,
		number,
		reader.fastLane,
	);
	if (!command) return;
	if (!table.deferring) applyCommand(table, command, number, scope.text);
	else keepOrApply(table, command, start, end, number);
}

/**
 * Keeps a checked `-A` line of a table whose rules are kept. A line that
 * changes the table in another way first builds what was kept, then its
 * own rule (its problems were reported when it was checked).
 */
function keepOrApply(
	table: TableState,
	command: RuleCommand,
	from: number,
	end: number,
	number: number,
): void {
	if (deferRule(table, command, { start: from, end, number })) return;
	stopDeferring(table);
	rebuildLine(table, from, end, number);
}
