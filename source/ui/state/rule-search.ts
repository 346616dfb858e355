/**
 * `/` over every rule of the host: the iptables rules in file order, then
 * each nft table's rules in nft's syntax. A search goes on from the rule
 * shown and wraps around; nft rules are printed only when a search first
 * reaches them, then kept.
 */
import { type Family, printNftRule, type Rule } from "../../engine/index.js";
import type { SimulationContext } from "../engine-port.js";
import { nftRulesetOf, nftTableId } from "./nft-listing.js";

export type FoundRule = {
	readonly table: string;
	readonly chain: string;
	readonly row: number;
	/** How the pane names it: the rule number, or the nft handle. */
	readonly name: number;
};

type Entry = FoundRule & { readonly text: () => string };

type Entries = {
	readonly list: readonly Entry[];
	readonly at: Map<string, number>;
};

const entriesOf = new WeakMap<SimulationContext, Map<Family, Entries>>();

const keyOf = (table: string, chain: string, row: number) =>
	`${table}\u0000${chain}\u0000${row}`;

function xtEntry(rule: Rule): Entry {
	const text = rule.text.toLowerCase();
	return {
		table: rule.table,
		chain: rule.chain,
		row: rule.index - 1,
		name: rule.index,
		text: () => text,
	};
}

function entries(context: SimulationContext, family: Family): Entries {
	let byFamily = entriesOf.get(context);
	if (byFamily === undefined) {
		byFamily = new Map();
		entriesOf.set(context, byFamily);
	}
	const known = byFamily.get(family);
	if (known) return known;
	// The packet's family picks the x_tables rules searched: iptables' or ip6tables'.
	const xt = family === "ipv6" ? context.ruleset6 : context.ruleset;
	const list: Entry[] = [...(xt?.rulesById.values() ?? [])].map(xtEntry);
	for (const table of nftRulesetOf(context)?.tables ?? []) {
		const id = nftTableId(table.family, table.name);
		for (const chain of table.chains) {
			for (const [row, rule] of chain.rules.entries()) {
				let text: string | undefined;
				list.push({
					table: id,
					chain: chain.name,
					row,
					name: rule.handle ?? row + 1,
					text: () => {
						text ??= printNftRule(rule).toLowerCase();
						return text;
					},
				});
			}
		}
	}
	const at = new Map<string, number>();
	for (const [index, entry] of list.entries()) {
		at.set(keyOf(entry.table, entry.chain, entry.row), index);
	}
	const made = { list, at };
	byFamily.set(family, made);
	return made;
}

/** The next rule after `from` (or the first) whose text contains `query` (lower case). */
export function findRule(
	context: SimulationContext,
	query: string,
	from:
		| { readonly table: string; readonly chain: string; readonly row: number }
		| undefined,
	family: Family = "ipv4",
): FoundRule | undefined {
	const { list, at } = entries(context, family);
	const here =
		from === undefined
			? undefined
			: at.get(keyOf(from.table, from.chain, from.row));
	const start = here === undefined ? 0 : here + 1;
	for (let offset = 0; offset < list.length; offset++) {
		const entry = list[(start + offset) % list.length] as Entry;
		if (entry.text().includes(query)) {
			const { table, chain, row, name } = entry;
			return { table, chain, row, name };
		}
	}
	return undefined;
}
