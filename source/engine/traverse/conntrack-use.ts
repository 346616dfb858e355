/**
 * Whether connection tracking runs at all. The kernel registers conntrack's
 * hooks in a network namespace only when something asks for it
 * (nf_ct_netns_get): matches and targets that read or write connections do,
 * the nat table alone does not (recorded on kernel 6.18: a namespace with a
 * nat table but no such rule walks no nat chain, because no packet has a
 * connection). NOTRACK, `CT --notrack`, recent and TPROXY do not ask.
 *
 * Each xtables module declares it (`needsConntrack` in match/types.ts and
 * target/types.ts); this file only reads the declarations. nft rules are
 * asked through nftNeedsConntrack (nft-eval/conntrack-need.ts).
 */
import { findMatchModule } from "../match/registry.js";
import type { Rule, Ruleset } from "../model/ruleset.js";
import { nftNeedsConntrack } from "../nft-eval/conntrack-need.js";
import { findTargetModule } from "../target/registry.js";
import type { Run, SimulationContext } from "./run.js";

const cache = new WeakMap<Ruleset, boolean>();

/** True when loading this xtables rule makes the kernel track connections. */
export function ruleNeedsConntrack(rule: Rule): boolean {
	for (const match of rule.matches)
		if (findMatchModule(match.module)?.needsConntrack === true) return true;
	const target = rule.target;
	if (target?.kind !== "extension") return false;
	const needs = findTargetModule(target.name)?.needsConntrack;
	return typeof needs === "function" ? needs(target.options) : needs === true;
}

function computeUse(ruleset: Ruleset): boolean {
	for (const table of ruleset.tables.values())
		for (const chain of table.chains.values())
			for (const rule of chain.rules) if (ruleNeedsConntrack(rule)) return true;
	return false;
}

/** True when some rule makes the kernel track connections. */
export function usesConntrack(ruleset: Ruleset): boolean {
	let use = cache.get(ruleset);
	if (use === undefined) {
		use = computeUse(ruleset);
		cache.set(ruleset, use);
	}
	return use;
}

/**
 * True when the kernel tracks this family's connections: an x_tables rule
 * or an nft rule (`nftNeedsConntrack`) asked for it.
 */
export function familyTracks(
	context: SimulationContext,
	family: "ipv4" | "ipv6",
): boolean {
	const ruleset = family === "ipv6" ? context.ruleset6 : context.ruleset;
	return (
		(ruleset !== undefined && usesConntrack(ruleset)) ||
		nftNeedsConntrack(context.nft, family)
	);
}

/** `familyTracks` for the packet a run carries. */
export function packetTracked(run: Run): boolean {
	return familyTracks(
		run.context,
		run.packet.family === "ipv6" ? "ipv6" : "ipv4",
	);
}
