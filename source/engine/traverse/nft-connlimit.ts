/**
 * `ct count [over] N` (nft_connlimit.c over nf_conncount.c): the rule keeps
 * the connections whose packets reached it, for as long as conntrack still
 * holds them and they are not closed, and the packet's own connection joins
 * them. `ct count N` lets the rule go on while the count is at most N,
 * `ct count over N` once it is above N; otherwise the rule breaks. The list
 * lives in the replay's rule state, one per statement.
 */
import { tupleKey, tupleOf } from "../conntrack/tuple.js";
import type { ConntrackEntry, Tuple } from "../conntrack/types.js";
import type { NftStmt } from "../nft/model.js";
import type { Run } from "./run.js";

/** nf_conncount's already_closed: a confirmed TCP connection at TIME_WAIT or later. */
function closed(entry: ConntrackEntry): boolean {
	const state = entry.tcpState;
	return state === "TIME_WAIT" || state === "CLOSE";
}

/** True when the rule goes on. */
export function nftConnCount(
	run: Run,
	stmt: Extract<NftStmt, { kind: "ct-count" }>,
	scope: string,
): boolean {
	const state = run.scopedState(scope);
	const own = run.ct.entry?.original ?? tupleOf(run.packet);
	const listed = (state.get<readonly Tuple[]>("connections") ?? []).filter(
		(tuple) => {
			const entry = run.connections.find(tuple);
			return entry !== undefined && !closed(entry);
		},
	);
	const counted = listed.some((t) => tupleKey(t) === tupleKey(own));
	const count = listed.length + (counted ? 0 : 1);
	state.set<readonly Tuple[]>(
		"connections",
		counted || run.ct.entry === undefined ? listed : [...listed, own],
	);
	return count > stmt.count === stmt.inv;
}
