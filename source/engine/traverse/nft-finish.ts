/**
 * How an nft base chain ends a packet's path: dropped (by a rule or the
 * chain's policy), rejected (the reply nf_reject builds, sent before the
 * drop: `reject` answers as REJECT does), queued, or stopped when the
 * simulation cannot go on.
 */
import type { HookName } from "../model/ruleset.js";
import type { NftChainOutcome } from "./nft-chain.js";
import { endRejected } from "./reject-fate.js";
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
			if (outcome.reject) {
				const { place } = outcome.reject;
				endRejected(
					run,
					outcome.reject.with,
					{ table: `${place.family} ${place.table}`, chain: place.chain },
					"reject reply",
				);
				return;
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
