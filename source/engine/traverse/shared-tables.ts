/**
 * Named kernel tables that rules share (xt_recent's lists, xt_hashlimit's
 * tables): the first rule the kernel loads with a name creates the table
 * with its own configuration (recent's mask, hashlimit's mode and rate),
 * and the rules loaded after it only take a reference. Modules say which
 * tables their rules name (`sharedTable`); this reads the rulesets in the
 * order a host loads them (iptables, then ip6tables, each table in file
 * order) and keeps the first configuration per table.
 */
import { findMatchModule } from "../match/registry.js";
import type { Family, Ruleset } from "../model/ruleset.js";

const cache = new WeakMap<Ruleset, WeakMap<Ruleset, Map<string, unknown>>>();
const noRuleset6: Ruleset = {
	family: "ipv6",
	tables: new Map(),
	rulesById: new Map(),
	ruleCount: 0,
};

function collect(
	ruleset: Ruleset,
	family: Family,
	found: Map<string, unknown>,
): void {
	for (const table of ruleset.tables.values())
		for (const chain of table.chains.values())
			for (const rule of chain.rules)
				for (const call of rule.matches) {
					if (!call.known) continue;
					const declared = findMatchModule(call.module)?.sharedTable;
					if (declared === undefined) continue;
					const { key, config } = declared(call.data, family);
					if (!found.has(key)) found.set(key, config);
				}
}

/** Each shared table's configuration, by key, for a host's two rulesets. */
export function sharedTableConfigs(
	ruleset: Ruleset,
	ruleset6: Ruleset | undefined,
): ReadonlyMap<string, unknown> {
	const second = ruleset6 ?? noRuleset6;
	let byRuleset6 = cache.get(ruleset);
	if (byRuleset6 === undefined) {
		byRuleset6 = new WeakMap();
		cache.set(ruleset, byRuleset6);
	}
	let found = byRuleset6.get(second);
	if (found === undefined) {
		found = new Map();
		collect(ruleset, "ipv4", found);
		collect(second, "ipv6", found);
		byRuleset6.set(second, found);
	}
	return found;
}
