/**
 * NOTRACK and `-j CT` in raw (xt_CT.c): each attaches something to the
 * packet (the untracked mark, or a conntrack template carrying a zone or
 * helper), but only when nothing is attached yet: a packet that already has
 * a conntrack (a template from an earlier CT rule, an earlier NOTRACK, or a
 * connection it came with) passes unchanged (`if (skb->_nfct != 0) return
 * XT_CONTINUE`). Recorded: test/fixtures/scenarios-own/ct-template-notrack.
 */
import type { TargetEffect } from "../target/types.js";
import type { Run } from "./run.js";

/** Whether the packet already carries a conntrack, template or untracked mark. */
function hasConntrack(run: Run): boolean {
	return run.ctAttached || run.ctTemplate !== undefined;
}

function untrack(run: Run, note: string): void {
	run.setConnection("UNTRACKED", undefined, false);
	run.step({ kind: "conntrack", info: "UNTRACKED", note });
}

function unchanged(run: Run, target: string): void {
	run.step({
		kind: "note",
		text: `${target} does nothing: the packet already has a conntrack${run.ctTemplate ? " template" : ""} attached`,
	});
}

/** `-j NOTRACK` (and `-j CT --notrack`). */
export function applyNotrack(run: Run, target: string): void {
	if (hasConntrack(run)) unchanged(run, target);
	else untrack(run, `marked untracked (${target})`);
}

/** `-j CT`: untracked, or a template whose zone and helper the connection takes. */
export function applyCt(
	run: Run,
	effect: Extract<TargetEffect, { kind: "ct" }>,
): void {
	if (effect.notrack) {
		applyNotrack(run, "CT --notrack");
		return;
	}
	if (hasConntrack(run)) {
		unchanged(run, "CT");
		return;
	}
	run.ctTemplate = {
		...(effect.zone !== undefined ? { zone: effect.zone } : {}),
		...(effect.helper !== undefined ? { helper: effect.helper } : {}),
	};
	// The template's ctinfo is IP_CT_NEW: a state match after it sees NEW.
	run.ct = { info: "NEW" };
	run.step({
		kind: "note",
		text: "conntrack template attached (CT): conntrack will use its zone and helper",
	});
}
