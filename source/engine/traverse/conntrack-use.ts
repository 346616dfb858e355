/**
 * Whether connection tracking runs at all. The kernel registers conntrack's
 * hooks in a network namespace only when something asks for it
 * (nf_ct_netns_get): matches and targets that read or write connections do,
 * the nat table alone does not (recorded on kernel 6.18: a namespace with a
 * nat table but no such rule walks no nat chain, because no packet has a
 * connection). NOTRACK, `CT --notrack`, recent and TPROXY do not ask.
 *
 * Each xtables module declares it (`needsConntrack` in match/types.ts and
 * target/types.ts); this file only reads the declarations. nft expressions
 * and statements (`ct`, nat statements) will declare theirs the same way and
 * be read beside the xtables rules here.
 */
import { findMatchModule } from "../match/registry.js";
import type { Rule, Ruleset } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";

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
