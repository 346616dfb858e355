/**
 * getopt_long's reading of an `--option` name: an exact name of the merged
 * option table wins, else a prefix that only one option has (`--sou` is
 * `--source`, `--dpor` is `--dport` once tcp is loaded); a prefix that
 * several options share is ambiguous, and iptables refuses the line. The
 * table holds iptables' own options and those of the matches and target
 * loaded so far on the line (and the protocol's match, loaded on demand).
 */
import { findTargetModule } from "../target/registry.js";
import { headerEntries } from "./header-option-table.js";
import type { MatchBuilder } from "./rule-options.js";
import type { RuleParseState } from "./rule-state.js";

export type LongName =
	| { readonly kind: "exact" | "prefix"; readonly name: string }
	| { readonly kind: "ambiguous"; readonly names: readonly string[] }
	| { readonly kind: "none" };

const none: LongName = { kind: "none" };

/** Every list of option names in the table now, one per loaded module. */
function moduleLists(state: RuleParseState): (readonly string[])[] {
	const lists: (readonly string[])[] = state.matches.map(
		(match: MatchBuilder) => match.registry?.optionNames ?? [],
	);
	const target = state.target && findTargetModule(state.target.name);
	if (target) lists.push(target.optionNames);
	return lists;
}

/**
 * What `--name` is in the table; `extra` lists the protocol match's options
 * when it would be loaded on demand (tried only when nothing else fits).
 */
export function resolveLongName(
	state: RuleParseState,
	name: string,
	extra: readonly string[] | undefined,
): LongName {
	if (headerEntries.has(name)) return { kind: "exact", name };
	const lists = moduleLists(state);
	for (const list of lists)
		if (list.includes(name)) return { kind: "exact", name };
	const found = prefixMatches(name, lists);
	if (found.length === 0 && extra !== undefined) {
		if (extra.includes(name)) return { kind: "exact", name };
		found.push(...prefixMatches(name, [extra]));
	}
	if (found.length === 0) return none;
	const [first] = found as [string, ...string[]];
	return found.length === 1
		? { kind: "prefix", name: first }
		: { kind: "ambiguous", names: found };
}

/**
 * Options starting with `prefix`: iptables' synonyms (`--source`,
 * `--src`) count once, as getopt_long counts entries of one value once.
 */
function prefixMatches(
	prefix: string,
	lists: readonly (readonly string[])[],
): string[] {
	const found: string[] = [];
	const keys = new Set<string>();
	for (const [long, entry] of headerEntries)
		if (
			long.startsWith("--") &&
			long.startsWith(prefix) &&
			!keys.has(entry.key)
		) {
			keys.add(entry.key);
			found.push(long);
		}
	for (const list of lists)
		for (const option of list)
			if (option.startsWith(prefix)) found.push(option);
	return found;
}
