/**
 * Rule lines of a table: checked as read, then kept for their chain to be
 * built later (a table written as iptables-save writes it) or applied now.
 */
import { parseCanonicalRule } from "./canonical-rule.js";
import { deferRule, rebuildLine, stopDeferring } from "./deferred-rules.js";
import type { Reader } from "./line-reader.js";
import type { RuleCommand } from "./rule-command.js";
import { createRuleScope, parseRuleLine } from "./rule-line.js";
import type { RuleScope } from "./rule-state.js";
import { applyCommand } from "./table-builder.js";
import type { TableState } from "./table-state.js";

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
export function readKeptRuleAt(
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
	if (command === null) {
		reader.laneRefused = { from, end };
		return false;
	}
	if (command === undefined) return true;
	keepOrApply(table, command, from, end, number);
	return true;
}

/** A rule line that readLine has cut to `length` (NUL, CR). */
export function readRule(
	reader: Reader,
	table: TableState,
	length: number,
	number: number,
): void {
	const scope = scopeFor(reader, table);
	scope.build = !table.deferring;
	const start = reader.lineStart;
	const end = start + length;
	// The fast lane need not read again the very line it just refused
	// (readLine cuts a CR or NUL, which may make a refused line canonical).
	const refused =
		reader.laneRefused.from === start && reader.laneRefused.end === end;
	const command = parseRuleLine(
		scope,
		reader.source,
		start,
		end,
		number,
		reader.fastLane && !refused,
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
