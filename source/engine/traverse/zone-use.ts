/**
 * Whether some rule puts connections into conntrack zones (`CT --zone*`,
 * nft `ct zone set`). A zone can split one TCP connection into two
 * conntrack entries, each seeing one direction (recorded: fuzz-2 and
 * fuzz6-2, where the host's replies, without a template, open a second
 * connection in zone 0), so conntrack no longer tells how the host's socket
 * sees the connection: the engine then follows the sockets separately.
 */
import type { Ruleset } from "../model/ruleset.js";
import type { NftRuleset } from "../nft/model.js";
import { visitStmts } from "../nft/walk.js";
import type { SimulationContext } from "./run.js";

const xtCache = new WeakMap<Ruleset, boolean>();
const nftCache = new WeakMap<NftRuleset, boolean>();

function xtablesZones(ruleset: Ruleset): boolean {
	for (const table of ruleset.tables.values())
		for (const chain of table.chains.values())
			for (const rule of chain.rules) {
				const target = rule.target;
				if (
					target?.kind === "extension" &&
					target.name === "CT" &&
					target.options.some((o) => o.name.startsWith("--zone"))
				)
					return true;
			}
	return false;
}

function nftZones(ruleset: NftRuleset): boolean {
	let found = false;
	for (const table of ruleset.tables)
		for (const chain of table.chains)
			for (const rule of chain.rules)
				visitStmts(rule.stmts, (stmt) => {
					found ||=
						stmt.kind === "mangle" &&
						stmt.key.kind === "ct" &&
						stmt.key.key === "zone";
				});
	return found;
}

function cached<K extends object>(
	cache: WeakMap<K, boolean>,
	key: K,
	compute: (key: K) => boolean,
): boolean {
	let use = cache.get(key);
	if (use === undefined) {
		use = compute(key);
		cache.set(key, use);
	}
	return use;
}

/** True when some rule of the host attaches a conntrack zone. */
export function usesZones(context: SimulationContext): boolean {
	return (
		cached(xtCache, context.ruleset, xtablesZones) ||
		(context.ruleset6 !== undefined &&
			cached(xtCache, context.ruleset6, xtablesZones)) ||
		(context.nft !== undefined &&
			cached(nftCache, context.nft.ruleset, nftZones))
	);
}
