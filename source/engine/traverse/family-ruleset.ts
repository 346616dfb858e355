/**
 * Which tables a packet walks: iptables' for IPv4, ip6tables' for IPv6 (the
 * kernel keeps one set of x_tables per family). Reports and UIs ask here so
 * an IPv6 packet's rules are never looked up among the IPv4 ones.
 */
import type { Packet } from "../model/packet.js";
import type { Ruleset } from "../model/ruleset.js";

/** The tables of a host without ip6tables rules: none, so hooks are empty. */
export const noTables6: Ruleset = {
	family: "ipv6",
	tables: new Map(),
	rulesById: new Map(),
	ruleCount: 0,
};

/** The ruleset of the packet's family (no tables for IPv6 when none was given). */
export function rulesetFor(
	context: { readonly ruleset: Ruleset; readonly ruleset6?: Ruleset },
	packet: Packet,
): Ruleset {
	if (packet.family !== "ipv6") return context.ruleset;
	return context.ruleset6 ?? noTables6;
}
