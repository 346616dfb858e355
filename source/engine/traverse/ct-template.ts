/**
 * NOTRACK and `-j CT` in raw (xt_CT.c): each attaches something to the
 * packet (the untracked mark, or a conntrack template carrying a zone or
 * helper), but only when nothing is attached yet: a packet that already has
 * a conntrack (a template from an earlier CT rule, an earlier NOTRACK, or a
 * connection it came with) passes unchanged (`if (skb->_nfct != 0) return
 * XT_CONTINUE`). Recorded: test/fixtures/scenarios-own/ct-template-notrack.
 */
import { describeZone, type TemplateZone } from "../conntrack/zone.js";
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

/**
 * nft `ct zone set ID` (`ct original zone set`, `ct reply zone set`):
 * nft_ct_set_zone_eval attaches a template with that zone unless the packet
 * already has a conntrack or template (nf_ct_get is not NULL; an untracked
 * packet has none, so the template replaces the untracked mark).
 */
export function applyZoneTemplate(run: Run, zone: TemplateZone): void {
	if (run.ctTemplate !== undefined || run.ct.entry !== undefined) {
		unchanged(run, "ct zone set");
		return;
	}
	// Before conntrack, or on an untracked packet, conntrack then runs in the zone.
	if (run.ct.info === "UNTRACKED") run.ctAttached = false;
	run.ctTemplate = { zone };
	run.ct = { info: "NEW" };
	const id = zone.zone === "mark" ? 0 : zone.zone;
	run.step({
		kind: "note",
		text: `conntrack template attached (ct zone set): conntrack will look the packet up in ${describeZone(
			{
				zone: id,
				...(zone.zoneDirection ? { zoneDirection: zone.zoneDirection } : {}),
			},
		)}`,
	});
}
