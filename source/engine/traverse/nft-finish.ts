/**
 * How an nft base chain ends a packet's path: dropped (by a rule or the
 * chain's policy), rejected (the reply nf_reject builds, sent before the
 * drop: `reject` answers as REJECT does), queued, or stopped when the
 * simulation cannot go on.
 */
import type { HookName } from "../model/ruleset.js";
import { attachReply } from "./attachments.js";
import type { NftChainOutcome } from "./nft-chain.js";
import { rejectReply } from "./reject.js";
import type { Run } from "./run.js";

export function finishNft(
	run: Run,
	hook: HookName,
	outcome: NftChainOutcome,
): void {
	switch (outcome.kind) {
		case "accept":
			return;
		case "drop": {
			if (outcome.rejectWith !== undefined) {
				const { reply, note } = rejectReply(
					run.packet,
					outcome.rejectWith,
					run.context.host,
				);
				run.step({ kind: "note", text: note });
				if (reply) attachReply(run, reply, "reject reply");
			}
			run.end({
				kind: "dropped",
				by: "rule",
				reason: `${outcome.reason} (at ${hook})`,
			});
			return;
		}
		case "queue":
			run.end({
				kind: "queued",
				queue: outcome.queue,
				note: `${outcome.reason}: a userspace program decides its fate`,
			});
			return;
		case "stop":
			run.end({ kind: "stopped", reason: outcome.reason });
			return;
	}
}
