/**
 * One host, two families of tables: an IPv4 packet walks iptables' tables,
 * an IPv6 packet ip6tables' (as the kernel keeps two sets of x_tables). The
 * panes show the tables of the packet on screen, never one family's rules
 * for the other's packet.
 */
import type { Family } from "../../engine/index.js";
import type { UiState } from "./state.js";

/** The family of the packet shown; IPv4 before any packet. */
export function shownFamily(state: UiState): Family {
	return state.run?.input.packet.family === "ipv6" ? "ipv6" : "ipv4";
}

/** The family of the chain the Rules pane lists: the one browsed, else the packet's. */
export function listedFamily(state: UiState): Family {
	return state.browse?.family ?? shownFamily(state);
}
