/**
 * The checks a real load adds to parsing: what the kernel refuses when
 * iptables-restore commits a table (jump loops, targets and matches outside
 * their tables/hooks or protocol), and what iptables' own userspace refuses
 * per rule (`-o` in PREROUTING, DROP in nat, missing ipsets, ports without a
 * port protocol). `wouldLoad` is the verdict of `iptables-restore` into a
 * fresh network namespace.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Family, ParseResult, Table } from "../model/ruleset.js";
import type { CheckedRule } from "../parse/checked-rule.js";
import { keptLinesIn } from "../parse/committed-table.js";
import { detectFamily } from "../parse/detect-family.js";
import { closeSink, createSink, report } from "../parse/diagnostic-sink.js";
import { type ParseOptions, parseRuleset } from "../parse/parse-ruleset.js";
import {
	type CheckOptions,
	type RankedProblem,
	TableCheck,
} from "./table-check.js";

export type { CheckOptions } from "./table-check.js";

export type CheckSummary = {
	readonly tables: number;
	readonly chains: number;
	readonly rules: number;
	/** Match modules iptx has no module for (iptables may have). */
	readonly unknownMatches: readonly string[];
	readonly unknownTargets: readonly string[];
};

export type CheckReport = {
	/** Parse diagnostics and load-check diagnostics, by line. */
	readonly diagnostics: readonly Diagnostic[];
	/** True when no diagnostic is fatal: iptables-restore would load the file. */
	readonly wouldLoad: boolean;
	readonly summary: CheckSummary;
};

/** Feeds a table's built rules to a fresh check. */
function checkBuiltRules(
	table: Table,
	family: Family,
	options: CheckOptions,
): TableCheck {
	const check = new TableCheck(table.name, family, options);
	for (const chain of table.chains.values())
		for (const rule of chain.rules) check.add(rule);
	return check;
}

function byPosition(a: RankedProblem, b: RankedProblem): number {
	return (
		a.problem.line - b.problem.line ||
		a.problem.column - b.problem.column ||
		a.rule - b.rule ||
		a.step - b.step
	);
}

/**
 * Adds the load-time checks to a parse result and gives the verdict.
 * `observed`: checks fed while parsing, by `*table` line (parseAndCheck);
 * a table whose rules were built instead is checked from its rules.
 */
export function checkRuleset(
	result: ParseResult,
	options: CheckOptions = {},
	observed?: ReadonlyMap<number, TableCheck>,
): CheckReport {
	const source = options.source ?? result.diagnostics[0]?.source ?? "-";
	const problems: RankedProblem[] = [];
	const unknownMatches = new Set<string>();
	const unknownTargets = new Set<string>();
	let chains = 0;
	for (const table of result.ruleset.tables.values()) {
		chains += table.chains.size;
		const fed = observed?.get(table.line);
		const check =
			fed && keptLinesIn(table)
				? fed
				: checkBuiltRules(table, result.ruleset.family, options);
		// A loop, not a spread: a broken 100,000-rule table has as many problems.
		for (const problem of check.finish(table.chains)) problems.push(problem);
		for (const name of check.unknownMatches) unknownMatches.add(name);
		for (const name of check.unknownTargets) unknownTargets.add(name);
	}
	// By position; the cap then keeps the first lines' problems.
	problems.sort(byPosition);
	const sink = createSink(source);
	for (const { problem } of problems) report(sink, problem);
	// Past the cap, say how many more (at the last problem's line).
	closeSink(sink, problems[problems.length - 1]?.problem.line ?? 1);
	const diagnostics = [...result.diagnostics, ...sink.list];
	diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
	return {
		diagnostics,
		wouldLoad: !diagnostics.some((d) => d.fatal === true) && !sink.omittedFatal,
		summary: {
			tables: result.ruleset.tables.size,
			chains,
			rules: result.ruleset.ruleCount,
			unknownMatches: [...unknownMatches].sort(),
			unknownTargets: [...unknownTargets].sort(),
		},
	};
}

/**
 * Parses and checks in one read, as `iptx check` does: lines written as
 * iptables-save writes them are checked as they are read and their rules
 * are never built; other tables are checked from their built rules.
 */
export function parseAndCheck(
	text: string,
	parseOptions: Omit<ParseOptions, "observer"> = {},
	options: CheckOptions = {},
): { readonly result: ParseResult; readonly report: CheckReport } {
	const observed = new Map<number, TableCheck>();
	// The family parseRuleset reads the text as.
	const family = parseOptions.family ?? detectFamily(text);
	const observer = (rule: CheckedRule) => {
		let check = observed.get(rule.tableLine);
		if (check === undefined) {
			check = new TableCheck(rule.table, family, options);
			observed.set(rule.tableLine, check);
		}
		for (let copy = 0; copy < rule.copies; copy++) check.add(rule, rule);
	};
	const result = parseRuleset(text, { ...parseOptions, observer });
	return { result, report: checkRuleset(result, options, observed) };
}
