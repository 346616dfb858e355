/**
 * Rules drafted from a parsed spec: one per source × destination address,
 * each with the kernel's notion of unconditional. The table numbers them.
 */

import type { Mutable } from "../lib/mutable.js";
import type { Rule } from "../model/ruleset.js";
import type { RuleSpec } from "./rule-command.js";
import type { TableState } from "./table-state.js";

function noAddressTest(address: Rule["header"]["source"]): boolean {
	if (!address) return true;
	if (address.invert) return false;
	return address.family === "ipv4"
		? address.mask === 0
		: (address.mask6 ?? []).every((byte) => byte === 0);
}

function isUnconditional(header: Rule["header"], matchCount: number): boolean {
	return (
		matchCount === 0 &&
		noAddressTest(header.source) &&
		noAddressTest(header.destination) &&
		!header.inInterface &&
		!header.outInterface &&
		!header.fragment &&
		(!header.protocol ||
			(header.protocol.number === 0 && !header.protocol.invert))
	);
}

/** The rules a spec stands for: one per source × destination address. */
export function draftRules(
	table: TableState,
	chain: string,
	spec: RuleSpec,
	line: number,
	text: string,
): Mutable<Rule>[] {
	if (spec.sources.length <= 1 && spec.destinations.length <= 1) {
		return [draftRule(table, chain, spec, spec.header, line, text)];
	}
	const sources = spec.sources.length === 0 ? [undefined] : spec.sources;
	const destinations =
		spec.destinations.length === 0 ? [undefined] : spec.destinations;
	const rules: Mutable<Rule>[] = [];
	const { source: _s, destination: _d, ...rest } = spec.header;
	for (const source of sources) {
		for (const destination of destinations) {
			const header = {
				...rest,
				...(source ? { source } : {}),
				...(destination ? { destination } : {}),
			};
			rules.push(draftRule(table, chain, spec, header, line, text));
		}
	}
	return rules;
}

function draftRule(
	table: TableState,
	chain: string,
	spec: RuleSpec,
	header: Rule["header"],
	line: number,
	text: string,
): Mutable<Rule> {
	const unconditional = isUnconditional(header, spec.matches.length);
	const { matches, target, counters } = spec;
	const rule: Mutable<Rule> = {
		id: "",
		table: table.name,
		chain,
		index: 0,
		line,
		text,
		header,
		matches,
		unconditional,
	};
	if (target !== undefined) rule.target = target;
	if (counters !== undefined) rule.counters = counters;
	return rule;
}
