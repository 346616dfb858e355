/**
 * The users of each netfilter hook in the order the kernel calls them
 * (nf_hook_entries, sorted by priority): the x_tables tables the host has
 * (raw -300, mangle -150, filter 0, security 50), conntrack (-200) and its
 * confirm (last), nf_nat (-100 at PREROUTING and OUTPUT, 100 at INPUT and
 * POSTROUTING), and every nft base chain of family ip, ip6 or inet on the
 * hook. Of two users with one priority the one registered later runs first
 * (nf_hook_entries_grow inserts before equal priorities): nft chains in
 * reverse listing order, before the x_tables tables registered at boot.
 * nat-type chains do not sit on the hook themselves: nf_nat calls them, with
 * the nat table, in their own priority order (nf_nat_register_fn), from
 * hooks it registered with the family's first nat table or chain.
 */
import type { HookName, TableName } from "../model/ruleset.js";
import type { NftBaseChain } from "../nft-eval/nft-host.js";
import type { SimulationContext } from "./run.js";

export type HookUser =
	| { readonly kind: "table"; readonly table: TableName }
	| { readonly kind: "conntrack" }
	| { readonly kind: "nat" }
	| { readonly kind: "confirm" }
	| { readonly kind: "nft"; readonly chain: NftBaseChain };

/** Who nf_nat asks for a binding, in order. */
export type NatUser =
	| { readonly kind: "table" }
	| { readonly kind: "nft"; readonly chain: NftBaseChain };

type Ranked<T> = {
	readonly user: T;
	readonly priority: number;
	/** Later registration sorts first among equal priorities. */
	readonly order: number;
};

const xtPriority: Readonly<Record<string, number>> = {
	raw: -300,
	mangle: -150,
	filter: 0,
	security: 50,
};

const xtHooks: Readonly<Record<HookName, readonly TableName[]>> = {
	PREROUTING: ["raw", "mangle"],
	INPUT: ["mangle", "filter", "security"],
	FORWARD: ["mangle", "filter", "security"],
	OUTPUT: ["raw", "mangle", "filter", "security"],
	POSTROUTING: ["mangle"],
};

const natPriority: Readonly<Record<HookName, number | undefined>> = {
	PREROUTING: -100,
	OUTPUT: -100,
	INPUT: 100,
	POSTROUTING: 100,
	FORWARD: undefined,
};

const conntrackHooks: ReadonlySet<HookName> = new Set(["PREROUTING", "OUTPUT"]);
const confirmHooks: ReadonlySet<HookName> = new Set(["INPUT", "POSTROUTING"]);

function sorted<T>(ranked: Ranked<T>[]): readonly T[] {
	ranked.sort((a, b) => a.priority - b.priority || b.order - a.order);
	return ranked.map((r) => r.user);
}

function nftChains(
	context: SimulationContext,
	family: "ipv4" | "ipv6",
	hook: HookName,
): readonly NftBaseChain[] {
	return (context.nft?.baseChains ?? []).filter(
		(c) => c.hook === hook && c.families.includes(family),
	);
}

function xtRuleset(context: SimulationContext, family: "ipv4" | "ipv6") {
	return family === "ipv6" ? context.ruleset6 : context.ruleset;
}

function hasNat(context: SimulationContext, family: "ipv4" | "ipv6"): boolean {
	if (xtRuleset(context, family)?.tables.has("nat")) return true;
	return (context.nft?.baseChains ?? []).some(
		(c) => c.type === "nat" && c.families.includes(family),
	);
}

/**
 * When nf_nat put its hooks on this family's hooks: all four at once, with
 * the first nat table or nat chain of the family (nf_nat_register_fn), so
 * an nft chain of equal priority registered before that runs after nat.
 * The iptables tables load before any nft ruleset.
 */
function natOrder(context: SimulationContext, family: "ipv4" | "ipv6"): number {
	if (xtRuleset(context, family)?.tables.has("nat")) return -1;
	let first = Number.POSITIVE_INFINITY;
	for (const c of context.nft?.baseChains ?? [])
		if (c.type === "nat" && c.families.includes(family))
			first = Math.min(first, c.order);
	return Number.isFinite(first) ? first : -1;
}

function buildUsers(
	context: SimulationContext,
	family: "ipv4" | "ipv6",
	hook: HookName,
): readonly HookUser[] {
	const ranked: Ranked<HookUser>[] = [];
	const tables = xtRuleset(context, family)?.tables;
	for (const table of xtHooks[hook])
		if (tables?.has(table))
			ranked.push({
				user: { kind: "table", table },
				priority: xtPriority[table] ?? 0,
				order: -1,
			});
	if (conntrackHooks.has(hook))
		ranked.push({ user: { kind: "conntrack" }, priority: -200, order: -1 });
	const nat = natPriority[hook];
	if (nat !== undefined && hasNat(context, family))
		ranked.push({
			user: { kind: "nat" },
			priority: nat,
			order: natOrder(context, family),
		});
	if (confirmHooks.has(hook))
		ranked.push({
			user: { kind: "confirm" },
			priority: 2 ** 31 - 1,
			order: -1,
		});
	for (const chain of nftChains(context, family, hook))
		if (chain.type !== "nat")
			ranked.push({
				user: { kind: "nft", chain },
				priority: chain.priority,
				order: chain.order,
			});
	return sorted(ranked);
}

function buildNatUsers(
	context: SimulationContext,
	family: "ipv4" | "ipv6",
	hook: HookName,
): readonly NatUser[] {
	const ranked: Ranked<NatUser>[] = [];
	if (xtRuleset(context, family)?.tables.has("nat"))
		ranked.push({
			user: { kind: "table" },
			priority: natPriority[hook] ?? 0,
			order: -1,
		});
	for (const chain of nftChains(context, family, hook))
		if (chain.type === "nat")
			ranked.push({
				user: { kind: "nft", chain },
				priority: chain.priority,
				order: chain.order,
			});
	return sorted(ranked);
}

/** Per family, per hook: built on first use. */
type ByHook<T> = Record<"ipv4" | "ipv6", Partial<Record<HookName, T>>>;

type Lists = {
	readonly users: ByHook<readonly HookUser[]>;
	readonly nat: ByHook<readonly NatUser[]>;
};

const cache = new WeakMap<SimulationContext, Lists>();

function listsOf(context: SimulationContext): Lists {
	let lists = cache.get(context);
	if (!lists) {
		lists = { users: { ipv4: {}, ipv6: {} }, nat: { ipv4: {}, ipv6: {} } };
		cache.set(context, lists);
	}
	return lists;
}

/** The hook's users in the kernel's order (cached per context: the hot path). */
export function hookUsers(
	context: SimulationContext,
	family: "ipv4" | "ipv6",
	hook: HookName,
): readonly HookUser[] {
	const users = listsOf(context).users[family];
	let list = users[hook];
	if (!list) {
		list = buildUsers(context, family, hook);
		users[hook] = list;
	}
	return list;
}

/** The nat table and nat-type chains nf_nat asks at this hook, in order. */
export function natUsers(
	context: SimulationContext,
	family: "ipv4" | "ipv6",
	hook: HookName,
): readonly NatUser[] {
	const nat = listsOf(context).nat[family];
	let list = nat[hook];
	if (!list) {
		list = buildNatUsers(context, family, hook);
		nat[hook] = list;
	}
	return list;
}
