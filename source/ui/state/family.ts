/**
 * One host, two families of tables: an IPv4 packet walks iptables' tables,
 * an IPv6 packet ip6tables' (as the kernel keeps two sets of x_tables). The
 * panes show the tables of the packet on screen, never one family's rules
 * for the other's packet.
 */
import type { Family, Ruleset } from "../../engine/index.js";
import type { Session } from "../engine-port.js";
import type { UiState } from "./state.js";

/** The family of the packet shown; IPv4 before any packet. */
export function shownFamily(state: UiState): Family {
	return state.run?.input.packet.family === "ipv6" ? "ipv6" : "ipv4";
}

/** What the kernel's tool for a family is called (`ip6tables`). */
export function tablesTool(family: Family): string {
	return family === "ipv6" ? "ip6tables" : "iptables";
}

/**
 * The ruleset of the packet's family, or undefined when the host's tables
 * of that family were not given (an IPv6 packet without `--rules6`: it
 * meets no ip6tables rule, as on a host with empty tables).
 */
export function shownRuleset(
	session: Session,
	state: UiState,
): Ruleset | undefined {
	return shownFamily(state) === "ipv6"
		? session.context.ruleset6
		: session.context.ruleset;
}
