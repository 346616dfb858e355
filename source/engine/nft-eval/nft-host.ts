/**
 * An nft ruleset made ready to run: each table's chains by name, its named
 * sets indexed on first use, every base chain of family ip, ip6 or inet
 * with its hook, priority and registration order, the iptables-nft tables
 * set apart (x_tables rules the kernel runs as nf_tables chains), and what
 * is read but not simulated (bridge, netdev, arp, ingress).
 */
import type { HookName, Ruleset } from "../model/ruleset.js";
import { chainMayUpdateSets } from "../nft/later-chain.js";
import type { NftChain, NftRuleset, NftSet, NftTable } from "../nft/model.js";
import type { NftDatatype } from "../nft/selectors.js";
import { visitStmts } from "../nft/walk.js";
import { ruleNeedsConntrack } from "./conntrack-need.js";
import { buildSetIndex, type SetIndex } from "./set-index.js";

export type NftChainType = "filter" | "nat" | "route";

export type PreparedTable = {
	readonly table: NftTable;
	readonly chains: ReadonlyMap<string, NftChain>;
	readonly set: (
		name: string,
		types: readonly NftDatatype[],
	) => SetIndex | undefined;
	readonly sets: ReadonlyMap<string, NftSet>;
	/** The sets some rule adds to, updates or deletes from (nft_dynset): only these change as packets pass. */
	readonly updatedSets: ReadonlySet<string>;
};

export type NftBaseChain = {
	readonly table: PreparedTable;
	readonly chain: NftChain;
	readonly hook: HookName;
	readonly type: NftChainType;
	readonly priority: number;
	/** Registration order: of two chains with one priority, the later runs first. */
	readonly order: number;
	readonly families: readonly ("ipv4" | "ipv6")[];
	readonly policy: "accept" | "drop";
};

export type NftHost = {
	readonly ruleset: NftRuleset;
	readonly baseChains: readonly NftBaseChain[];
	/**
	 * iptables-nft: rule handles of each x_tables chain, by
	 * `family|table|chain` (the k-th rule of the iptables-save chain is the
	 * k-th handle).
	 */
	readonly xtablesHandles: ReadonlyMap<string, readonly (number | undefined)[]>;
	/** True when the iptables rulesets are iptables-nft's (traced as nf_tables). */
	readonly iptablesNft: boolean;
	/** Tables and chains read but not simulated, said in every trace. */
	readonly notSimulated: readonly string[];
	/** The families whose connections some rule makes the kernel track (nf_ct_netns_get at rule init). */
	readonly conntrackFamilies: ReadonlySet<"ipv4" | "ipv6">;
};

const hookNames: Readonly<Record<string, HookName>> = {
	prerouting: "PREROUTING",
	input: "INPUT",
	forward: "FORWARD",
	output: "OUTPUT",
	postrouting: "POSTROUTING",
};

const familiesOf: Readonly<Record<string, readonly ("ipv4" | "ipv6")[]>> = {
	ip: ["ipv4"],
	ip6: ["ipv6"],
	inet: ["ipv4", "ipv6"],
};

/** The sets the table's rules update (read once, when the ruleset is prepared). */
function setsUpdated(table: NftTable): ReadonlySet<string> {
	const names = new Set<string>();
	for (const chain of table.chains) {
		// A chain not read yet is read only if its text may update a set.
		if (!chainMayUpdateSets(chain)) continue;
		for (const rule of chain.rules)
			visitStmts(rule.stmts, (stmt) => {
				if (stmt.kind === "set-update") names.add(stmt.set);
			});
	}
	return names;
}

/** The families the ruleset's rules make the kernel track: found as rules load, not as packets pass. */
function trackedFamilies(ruleset: NftRuleset): ReadonlySet<"ipv4" | "ipv6"> {
	const tracked = new Set<"ipv4" | "ipv6">();
	for (const table of ruleset.tables) {
		const families = familiesOf[table.family] ?? [];
		if (families.every((f) => tracked.has(f))) continue;
		const uses = table.chains.some((chain) =>
			chain.rules.some(ruleNeedsConntrack),
		);
		if (uses) for (const family of families) tracked.add(family);
	}
	return tracked;
}

function prepareTable(table: NftTable): PreparedTable {
	const sets = new Map(table.sets.map((s) => [s.name, s]));
	const indexes = new Map<string, SetIndex>();
	return {
		table,
		chains: new Map(table.chains.map((c) => [c.name, c])),
		sets,
		updatedSets: setsUpdated(table),
		set: (name, types) => {
			const set = sets.get(name);
			if (!set) return undefined;
			const key = `${name}\u0000${types.join(" . ")}`;
			let index = indexes.get(key);
			if (!index) {
				index = buildSetIndex(set.elements, types);
				indexes.set(key, index);
			}
			return index;
		},
	};
}

export type PrepareNftOptions = {
	/** `--iptables-backend nft`: the x_tables rulesets are nf_tables tables here. */
	readonly iptablesNft?: boolean;
	readonly ruleset?: Ruleset;
	readonly ruleset6?: Ruleset;
};

function isXtablesTable(table: NftTable, options: PrepareNftOptions): boolean {
	if (!options.iptablesNft) return false;
	const rules =
		table.family === "ip"
			? options.ruleset
			: table.family === "ip6"
				? options.ruleset6
				: undefined;
	return rules?.tables.has(table.name as never) ?? false;
}

export function prepareNft(
	ruleset: NftRuleset,
	options: PrepareNftOptions = {},
): NftHost {
	const baseChains: NftBaseChain[] = [];
	const xtablesHandles = new Map<string, (number | undefined)[]>();
	const notSimulated: string[] = [];
	let order = 0;
	for (const table of ruleset.tables) {
		if (isXtablesTable(table, options)) {
			for (const chain of table.chains)
				xtablesHandles.set(
					`${table.family}|${table.name}|${chain.name}`,
					chain.rules.map((r) => r.handle),
				);
			continue;
		}
		const families = familiesOf[table.family];
		if (!families) {
			notSimulated.push(
				`table ${table.family} ${table.name} is read but not simulated (family ${table.family})`,
			);
			continue;
		}
		const prepared = prepareTable(table);
		for (const chain of table.chains) {
			const base = chain.base;
			if (!base) continue;
			const hook = hookNames[base.hook];
			if (!hook) {
				notSimulated.push(
					`chain ${table.family} ${table.name} ${chain.name} (hook ${base.hook}) is read but not simulated`,
				);
				continue;
			}
			baseChains.push({
				table: prepared,
				chain,
				hook,
				type: (base.type as NftChainType) ?? "filter",
				priority: base.priority,
				order: order++,
				families,
				policy: base.policy ?? "accept",
			});
		}
	}
	return {
		ruleset,
		baseChains,
		xtablesHandles,
		iptablesNft: options.iptablesNft ?? false,
		notSimulated,
		conntrackFamilies: trackedFamilies(ruleset),
	};
}
