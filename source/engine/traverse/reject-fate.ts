/**
 * How a reject ends a packet, for x_tables REJECT and nft `reject` alike:
 * nf_reject builds the reply (ICMP error or TCP reset) and sends it, then
 * the packet itself is dropped.
 */
import { attachReply } from "./attachments.js";
import { rejectReply } from "./reject.js";
import type { Run } from "./run.js";

/** Where the reject was: an iptables rule, or an nft table (`FAMILY NAME`) and chain. */
export type RejectAt = {
	readonly table: string;
	readonly chain: string;
	readonly num?: number;
	readonly ruleId?: string;
};

export function endRejected(
	run: Run,
	how: string,
	at: RejectAt,
	label: string,
): void {
	const { reply, note } = rejectReply(run.packet, how, run.context.host);
	run.step({ kind: "note", text: note });
	if (reply) attachReply(run, reply, label);
	run.end({ kind: "rejected", ...at, with: how, ...(reply ? { reply } : {}) });
}
