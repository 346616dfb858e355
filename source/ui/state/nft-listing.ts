/**
 * nft chains in the Rules pane, in nft's own syntax: each rule printed as
 * `nft list ruleset` prints it (only when its row is in view), named by its
 * handle as `nft -a` shows it, and a base chain's hook, priority and policy.
 * An nft table is named in the UI by its family and name (`inet filter`):
 * iptables table names have no space, so the two never collide.
 */
import {
	type NftChain,
	type NftFamily,
	type NftRuleset,
	type NftTable,
	nftPriorityName,
	printNftRule,
} from "../../engine/index.js";
import type { SimulationContext } from "../engine-port.js";
import type { ChainListing, ListedRule } from "./chain-listing.js";

/** The host's nft ruleset, when it has one (the one place that knows where the context keeps it). */
export function nftRulesetOf(
	context: SimulationContext,
): NftRuleset | undefined {
	return context.nft?.ruleset;
}

/** The UI's name of an nft table: `inet filter`. */
export function nftTableId(family: NftFamily, name: string): string {
	return `${family} ${name}`;
}

/** The family and name of an nft table id, or undefined for an iptables table name. */
export function splitNftTableId(
	id: string,
): { readonly family: string; readonly name: string } | undefined {
	const space = id.indexOf(" ");
	return space === -1
		? undefined
		: { family: id.slice(0, space), name: id.slice(space + 1) };
}

export function findNftTable(
	nft: NftRuleset | undefined,
	id: { readonly family: string; readonly name: string },
): NftTable | undefined {
	return nft?.tables.find((t) => t.family === id.family && t.name === id.name);
}

/** `type filter hook forward priority filter (0)`: what registers a base chain. */
export function baseChainText(table: NftTable, chain: NftChain): string {
	const base = chain.base;
	if (!base) return "";
	const named =
		base.priorityText ??
		nftPriorityName(table.family, base.hook, base.priority);
	const priority =
		named === undefined || named === String(base.priority)
			? String(base.priority)
			: `${named} (${base.priority})`;
	const devices = base.devices?.length
		? ` devices ${base.devices.join(",")}`
		: "";
	return `type ${base.type} hook ${base.hook}${devices} priority ${priority}`;
}

export function nftListing(
	nft: NftRuleset | undefined,
	id: { readonly family: string; readonly name: string },
	chainName: string,
): ChainListing | undefined {
	const table = findNftTable(nft, id);
	const chain = table?.chains.find((c) => c.name === chainName);
	if (!table || !chain) return undefined;
	const rules = chain.rules;
	const tableId = nftTableId(table.family, table.name);
	let byMark: Map<number, number> | undefined;
	const rowOf = (mark: number): number => {
		// Built on first use: one pass over the chain, then O(1).
		if (byMark === undefined) {
			byMark = new Map();
			for (const [row, rule] of rules.entries()) {
				byMark.set(rule.handle ?? row + 1, row);
			}
		}
		return byMark.get(mark) ?? -1;
	};
	const rule = (row: number): ListedRule | undefined => {
		const nftRule = rules[row];
		if (!nftRule) return undefined;
		const body = printNftRule(nftRule);
		return {
			id: `${tableId}/${chainName}/${row}`,
			mark: nftRule.handle ?? row + 1,
			body,
			text: `${body}${nftRule.handle === undefined ? "" : ` # handle ${nftRule.handle}`}`,
			// A JSON ruleset is often one line: its line says nothing.
			line: nftRule.origin.path === undefined ? nftRule.origin.line : 0,
		};
	};
	return {
		language: "nft",
		title: `${tableId} ${chainName}`,
		chain: chainName,
		total: rules.length,
		rule,
		rowOf,
		...(chain.base
			? {
					policy: chain.base.policy ?? "accept",
					base: baseChainText(table, chain),
				}
			: {}),
		markLabel: rules.some((r) => r.handle !== undefined) ? "handle " : "#",
	};
}
