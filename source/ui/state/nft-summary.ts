/**
 * What the `i` overlay says of the host's nftables half: how much was read,
 * which tables are iptables-nft's (their rules are the iptables-save ones),
 * which families are read but not simulated, and that flowtable offload is
 * modelled from the kernel's sources rather than recorded.
 */
import {
	nftRuleCount,
	unreadNftChains,
	xtablesTables,
} from "../../engine/index.js";
import type { SimulationContext } from "../engine-port.js";
import { nftRulesetOf } from "./nft-listing.js";

const unsimulated = new Set(["bridge", "netdev", "arp"]);

export function nftSummary(context: SimulationContext): readonly string[] {
	const ruleset = nftRulesetOf(context);
	if (!ruleset) return ["nftables: none given"];
	let chains = 0;
	let rules = 0;
	let sets = 0;
	for (const table of ruleset.tables) {
		chains += table.chains.length;
		sets += table.sets.length;
		// Counted, not read: a chain's rules are read when first shown or run.
		for (const chain of table.chains) rules += nftRuleCount(chain);
	}
	const lines = [
		`nftables: ${ruleset.tables.length} tables, ${chains} chains, ${rules} rules, ${sets} sets and maps (t lists them)`,
	];
	const unread = unreadNftChains(ruleset);
	if (unread > 0)
		lines.push(
			`  ${unread} chains are read when first shown or run: what iptx finds wrong in one is listed below then (iptx check reads them all)`,
		);
	for (const [table, tool] of xtablesTables(ruleset)) {
		lines.push(
			`  table ${table.family} ${table.name} is ${tool}'s: its rules are the iptables-save ones`,
		);
	}
	for (const table of ruleset.tables) {
		if (unsimulated.has(table.family)) {
			lines.push(
				`  table ${table.family} ${table.name}: read and shown, not simulated (family ${table.family})`,
			);
		}
		if (table.flowtables.length > 0) {
			lines.push(
				`  table ${table.family} ${table.name}: flowtable offload is modelled from the kernel's sources, not recorded`,
			);
		}
	}
	return lines;
}
