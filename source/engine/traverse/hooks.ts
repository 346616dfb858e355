/**
 * The netfilter hooks and what runs at each, in priority order
 * (include/uapi/linux/netfilter_ipv4.h): tables, conntrack lookup, the NAT
 * side settled there, and the conntrack confirm at the end of a path.
 */
import type { HookName, TableName } from "../model/ruleset.js";

export type Station =
	| { readonly kind: "table"; readonly table: TableName }
	| { readonly kind: "nat" }
	| { readonly kind: "conntrack" }
	| { readonly kind: "confirm" };

const table = (name: TableName): Station => ({ kind: "table", table: name });
const conntrack: Station = { kind: "conntrack" };
const nat: Station = { kind: "nat" };
const confirm: Station = { kind: "confirm" };

export const hookStations: Readonly<Record<HookName, readonly Station[]>> = {
	PREROUTING: [table("raw"), conntrack, table("mangle"), nat],
	INPUT: [table("mangle"), table("filter"), table("security"), nat, confirm],
	FORWARD: [table("mangle"), table("filter"), table("security")],
	OUTPUT: [
		table("raw"),
		conntrack,
		table("mangle"),
		nat,
		table("filter"),
		table("security"),
	],
	POSTROUTING: [table("mangle"), nat, confirm],
};

/** The NAT side a hook settles: destination before routing, source after. */
export function hookManip(hook: HookName): "src" | "dst" {
	return hook === "PREROUTING" || hook === "OUTPUT" ? "dst" : "src";
}
