/**
 * Rules built when their chain is first read. A table whose rule lines are
 * all `-A` to declared chains (what iptables-save writes) has every line
 * checked as it is read, with every diagnostic, but its Rule objects are
 * built from the kept lines only when someone reads `chain.rules`: on a
 * kube-proxy host most chains are never looked at, and 100,000 rules that
 * are never built cost neither time nor memory. Building reads each line
 * again, silently, in the same table context, so the rules are exactly the
 * ones an eager read makes. Any other command (`-I`, `-D`, `-N`, `-X`, a
 * chain declared after a rule, ...) builds what was deferred first and the
 * rest of the table is read eagerly.
 */

import { createSink } from "./diagnostic-sink.js";
import type { RuleCommand } from "./rule-command.js";
import { createRuleScope, parseRuleLine } from "./rule-line.js";
import type { RuleScope } from "./rule-state.js";
import { applyCommand } from "./table-builder.js";
import type { ChainState, KeptLines, TableState } from "./table-state.js";

/** Scopes that read lines again without reporting (once per table). */
const silentScopes = new WeakMap<TableState, RuleScope>();

function silentScope(table: TableState): RuleScope {
	let scope = silentScopes.get(table);
	if (scope === undefined) {
		scope = createRuleScope(
			table,
			table.family,
			createSink(table.sink.source),
			new Set(),
		);
		silentScopes.set(table, scope);
	}
	// Nothing reads these diagnostics: they were reported on the first read.
	(scope.sink.list as unknown[]).length = 0;
	return scope;
}

/**
 * A chain declared after kept lines changes the context they were read in:
 * build them first and read the rest of the table eagerly.
 */
export function stopDeferringBeforeDeclaration(table: TableState): void {
	if (table.kept !== undefined) stopDeferring(table);
}

/** Room for one more kept line. */
function keptLines(table: TableState): KeptLines {
	let kept = table.kept;
	if (kept === undefined) {
		kept = {
			starts: new Int32Array(1024),
			ends: new Int32Array(1024),
			numbers: new Int32Array(1024),
			count: 0,
		};
		table.kept = kept;
	} else if (kept.count === kept.starts.length) {
		const grow = (from: Int32Array) => {
			const to = new Int32Array(from.length * 2);
			to.set(from);
			return to;
		};
		kept.starts = grow(kept.starts);
		kept.ends = grow(kept.ends);
		kept.numbers = grow(kept.numbers);
	}
	return kept;
}

/**
 * Keeps an already checked `-A` line (`start`..`end` in the table's text)
 * for later; false when the table is read eagerly or the line cannot wait
 * (its chain does not exist).
 */
export function deferRule(
	table: TableState,
	command: RuleCommand,
	line: {
		readonly start: number;
		readonly end: number;
		readonly number: number;
	},
): boolean {
	if (!table.deferring || command.kind !== "append") return false;
	const chain = table.chain(command.chain ?? "");
	if (!chain) return false;
	const kept = keptLines(table);
	const at = kept.count++;
	kept.starts[at] = line.start;
	kept.ends[at] = line.end;
	kept.numbers[at] = line.number;
	if (chain.keptTo === at) chain.keptTo = at + 1;
	else if (chain.keptFrom === -1) {
		chain.keptFrom = at;
		chain.keptTo = at + 1;
	} else {
		const runs = chain.keptRuns ?? [];
		chain.keptRuns = runs;
		if (runs[runs.length - 1] === at) runs[runs.length - 1] = at + 1;
		else runs.push(at, at + 1);
	}
	const { sources, destinations } = command.spec;
	chain.keptRules +=
		Math.max(1, sources.length) * Math.max(1, destinations.length);
	return true;
}

/** Builds kept lines [from, to) into their chain's rules. */
function buildRun(table: TableState, from: number, to: number): void {
	const kept = table.kept as KeptLines;
	for (let i = from; i < to; i++)
		rebuildLine(
			table,
			kept.starts[i] as number,
			kept.ends[i] as number,
			kept.numbers[i] as number,
		);
}

/** Builds one chain's kept lines into its rules. */
export function buildChain(table: TableState, chain: ChainState): void {
	if (chain.keptFrom === -1) return;
	const { keptFrom, keptTo, keptRuns } = chain;
	chain.keptFrom = -1;
	chain.keptTo = -1;
	chain.keptRules = 0;
	chain.keptRuns = undefined;
	buildRun(table, keptFrom, keptTo);
	for (let i = 0; keptRuns && i < keptRuns.length; i += 2)
		buildRun(table, keptRuns[i] as number, keptRuns[i + 1] as number);
}

/**
 * Reads line `start`..`end` of the table's text again and builds its rule
 * into the table, without reporting anything.
 */
export function rebuildLine(
	table: TableState,
	start: number,
	end: number,
	number: number,
): void {
	const scope = silentScope(table);
	const command = parseRuleLine(
		scope,
		table.source,
		start,
		end,
		number,
		table.fastLane,
	);
	if (command) applyCommand(table, command, number, scope.text);
}

/** Builds everything kept so far; the rest of the table is read eagerly. */
export function stopDeferring(table: TableState): void {
	if (!table.deferring) return;
	table.deferring = false;
	for (const chain of table.chains.values()) buildChain(table, chain);
	table.kept = undefined;
}
