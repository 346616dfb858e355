/**
 * What the kernel and nft accept for a base chain: the hooks of each
 * family, the chain types each family registers (nf_tables_api.c
 * chain types; nft_chain_filter.c, nft_chain_nat.c, nft_chain_route.c) and
 * the standard priority names (nftables src/rule.c std_prios and
 * bridge_std_prios) with the hooks each name may be used on.
 */
import type { NftFamily } from "./model.js";

const inetHooks = ["prerouting", "input", "forward", "output", "postrouting"];

/** The hooks a base chain of each family can be registered on. */
export const familyHooks: Readonly<Record<NftFamily, readonly string[]>> = {
	ip: inetHooks,
	ip6: inetHooks,
	inet: [...inetHooks, "ingress"],
	arp: ["input", "output"],
	bridge: inetHooks,
	netdev: ["ingress", "egress"],
};

/** Chain types: the families and hooks each is registered for. */
export const chainTypes: Readonly<
	Record<string, Readonly<Partial<Record<NftFamily, readonly string[]>>>>
> = {
	filter: familyHooks,
	nat: {
		ip: ["prerouting", "input", "output", "postrouting"],
		ip6: ["prerouting", "input", "output", "postrouting"],
		inet: ["prerouting", "input", "output", "postrouting"],
	},
	route: { ip: ["output"], ip6: ["output"], inet: ["output"] },
};

type NamedPriority = {
	readonly value: number;
	/** Hooks the name may be used on; absent means every hook. */
	readonly hooks?: readonly string[];
	/** Hooks only newer nft (after 1.0.6) accepts the name on. */
	readonly newerHooks?: readonly string[];
};

const ipPriorities: Readonly<Record<string, NamedPriority>> = {
	raw: { value: -300 },
	mangle: { value: -150 },
	dstnat: { value: -100, hooks: ["prerouting"], newerHooks: ["output"] },
	filter: { value: 0 },
	security: { value: 50 },
	srcnat: { value: 100, hooks: ["postrouting"], newerHooks: ["input"] },
};

const bridgePriorities: Readonly<Record<string, NamedPriority>> = {
	dstnat: { value: -300, hooks: ["prerouting"] },
	filter: { value: -200 },
	out: { value: 100, hooks: ["output"] },
	srcnat: { value: 300, hooks: ["postrouting"] },
};

const filterOnly: Readonly<Record<string, NamedPriority>> = {
	filter: { value: 0 },
};

function prioritiesOf(
	family: NftFamily,
): Readonly<Record<string, NamedPriority>> {
	if (family === "bridge") return bridgePriorities;
	if (family === "netdev" || family === "arp") return filterOnly;
	return ipPriorities;
}

export type PriorityResolution =
	| { readonly kind: "ok"; readonly value: number; readonly newerOnly: boolean }
	| { readonly kind: "unknown-name" }
	| { readonly kind: "wrong-hook" };

/** The number a priority name stands for on this family and hook. */
export function resolvePriorityName(
	family: NftFamily,
	hook: string,
	name: string,
): PriorityResolution {
	const entry = prioritiesOf(family)[name];
	if (!entry) return { kind: "unknown-name" };
	if (!entry.hooks || entry.hooks.includes(hook))
		return { kind: "ok", value: entry.value, newerOnly: false };
	if (entry.newerHooks?.includes(hook))
		return { kind: "ok", value: entry.value, newerOnly: true };
	return { kind: "wrong-hook" };
}

/** The name nft prints for a priority value (`filter + 10`), if any. */
export function priorityName(
	family: NftFamily,
	hook: string,
	value: number,
): string | undefined {
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const [name, entry] of Object.entries(prioritiesOf(family))) {
		if (entry.hooks && !entry.hooks.includes(hook)) continue;
		const distance = Math.abs(value - entry.value);
		if (distance <= 10 && distance < bestDistance) {
			best =
				distance === 0
					? name
					: `${name} ${value > entry.value ? "+" : "-"} ${distance}`;
			bestDistance = distance;
		}
	}
	return best;
}
