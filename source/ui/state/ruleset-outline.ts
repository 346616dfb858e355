/**
 * `t`: every table of the host in one list, iptables and nftables together:
 * each table, its chains (a base chain with its hook, priority and policy)
 * and, for nft, its sets, maps and flowtables. Rows are small references;
 * their text is made only for the rows in view (`outlineText`), so a
 * kube-proxy ruleset with thousands of chains opens at once.
 */
import {
	type Family,
	type NftFlowtable,
	type NftSet,
	nftRuleCount,
	type Ruleset,
	xtablesTables,
} from "../../engine/index.js";
import type { SimulationContext } from "../engine-port.js";
import { baseChainText, nftRulesetOf, nftTableId } from "./nft-listing.js";

export type OutlineRow =
	| {
			readonly kind: "table";
			readonly language: "iptables" | "ip6tables" | "nft";
			/** An iptables table name or an nft table id (`inet filter`). */
			readonly table: string;
			/** What to know about it: `written by iptables-nft`, `not simulated`. */
			readonly note?: string;
	  }
	| {
			readonly kind: "chain";
			readonly table: string;
			readonly chain: string;
			readonly rules: number;
			/** A base chain's hook, priority and policy (nft), or a built-in chain's policy. */
			readonly head?: string;
			/** An ip6tables chain (the x_tables of IPv6). */
			readonly family?: Family;
	  }
	| { readonly kind: "set"; readonly table: string; readonly set: NftSet }
	| {
			readonly kind: "flowtable";
			readonly table: string;
			readonly flowtable: NftFlowtable;
	  };

const outlines = new WeakMap<SimulationContext, readonly OutlineRow[]>();

/** Families whose packets iptx does not run (their tables are read and shown). */
const unsimulated = new Set(["bridge", "netdev", "arp"]);

/** The x_tables of one family: iptables' (IPv4) or ip6tables' (IPv6). */
function xtRows(ruleset: Ruleset | undefined, family: Family): OutlineRow[] {
	const rows: OutlineRow[] = [];
	const language = family === "ipv6" ? "ip6tables" : "iptables";
	for (const [name, table] of ruleset?.tables ?? []) {
		rows.push({ kind: "table", language, table: name });
		for (const chain of table.chains.values()) {
			rows.push({
				kind: "chain",
				table: name,
				chain: chain.name,
				rules: chain.rules.length,
				...(chain.builtin && chain.policy
					? { head: `policy ${chain.policy}` }
					: {}),
				...(family === "ipv6" ? { family } : {}),
			});
		}
	}
	return rows;
}

function nftRows(context: SimulationContext): OutlineRow[] {
	const ruleset = nftRulesetOf(context);
	if (!ruleset) return [];
	const tools = xtablesTables(ruleset);
	const rows: OutlineRow[] = [];
	for (const table of ruleset.tables) {
		const id = nftTableId(table.family, table.name);
		const tool = tools.get(table);
		const note =
			tool !== undefined
				? `written by ${tool}: iptables-save shows these rules`
				: unsimulated.has(table.family)
					? `family ${table.family}: read, not simulated`
					: undefined;
		rows.push({
			kind: "table",
			language: "nft",
			table: id,
			...(note ? { note } : {}),
		});
		for (const set of table.sets) rows.push({ kind: "set", table: id, set });
		for (const flowtable of table.flowtables)
			rows.push({ kind: "flowtable", table: id, flowtable });
		for (const chain of table.chains) {
			const base = chain.base
				? `${baseChainText(table, chain)}; policy ${chain.base.policy ?? "accept"}`
				: undefined;
			rows.push({
				kind: "chain",
				table: id,
				chain: chain.name,
				// Counted, not read: a chain's rules are read when first shown.
				rules: nftRuleCount(chain),
				...(base ? { head: base } : {}),
			});
		}
	}
	return rows;
}

/** The host's tables, chains and sets, iptables and ip6tables first (made once per context). */
export function rulesetOutline(
	context: SimulationContext,
): readonly OutlineRow[] {
	let rows = outlines.get(context);
	if (rows === undefined) {
		rows = [
			...xtRows(context.ruleset, "ipv4"),
			...xtRows(context.ruleset6, "ipv6"),
			...nftRows(context),
		];
		outlines.set(context, rows);
	}
	return rows;
}

const plural = (count: number, word: string) =>
	`${count} ${word}${count === 1 ? "" : "s"}`;

/** One row as text (unescaped: names come from the ruleset). */
export function outlineText(row: OutlineRow): string {
	switch (row.kind) {
		case "table":
			return row.language === "nft"
				? `nft table ${row.table}${row.note ? `  (${row.note})` : ""}`
				: `${row.language} table ${row.table}`;
		case "chain":
			return `  chain ${row.chain}  ${plural(row.rules, "rule")}${row.head ? `  ${row.head}` : ""}`;
		case "set": {
			const set = row.set;
			const type = set.isMap
				? `${set.keyType} : ${set.dataType ?? ""}`
				: set.keyType;
			const flags =
				set.flags.length > 0 ? `, flags ${set.flags.join(",")}` : "";
			return `  ${set.isMap ? "map" : "set"} ${set.name}  ${type}${flags}  ${plural(set.elements.length, "element")}`;
		}
		case "flowtable": {
			const f = row.flowtable;
			return `  flowtable ${f.name}  hook ${f.hook} priority ${f.priority} devices ${f.devices.join(",")} (offload modelled from kernel sources)`;
		}
		default:
			return assertNever(row);
	}
}

function assertNever(row: never): never {
	throw new Error(`iptx: unknown outline row ${JSON.stringify(row)}`);
}
