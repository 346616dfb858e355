/**
 * Packets the kernel sends that carry a connection with them: a REJECT
 * reply or ICMP error (nf_ct_attach: RELATED, opposite direction), and a
 * locally sent packet looping back through `lo` (it keeps its conntrack and
 * mark). When the same packet is simulated later it picks the attachment up.
 */
import type { CtInfo } from "../conntrack/types.js";
import type { Packet } from "../model/packet.js";
import { attachmentKey } from "./engine-state.js";
import type { Run } from "./run.js";

/** How long an attachment waits for its packet, in seconds. */
const attachmentLifetime = 2;

function relatedInfo(info: CtInfo): CtInfo {
	return info === "ESTABLISHED_REPLY" || info === "RELATED_REPLY"
		? "RELATED"
		: "RELATED_REPLY";
}

export function attachReply(run: Run, reply: Packet, why: string): void {
	run.generated.push(reply);
	const entry = run.ct.entry;
	run.attachments.push({
		key: attachmentKey(reply),
		info: entry ? relatedInfo(run.ct.info) : "INVALID",
		...(entry ? { entry } : {}),
		mark: 0,
		untracked: run.ct.info === "UNTRACKED",
		until: run.time + attachmentLifetime,
		why,
	});
}

export function attachLoopback(run: Run): void {
	run.attachments.push({
		key: attachmentKey(run.packet),
		info: run.ct.info,
		...(run.ct.entry ? { entry: run.ct.entry } : {}),
		mark: run.meta.mark,
		untracked: run.ct.info === "UNTRACKED",
		until: run.time + attachmentLifetime,
		why: "looped back through lo",
	});
}

/** Takes the attachment waiting for this packet, if any. */
export function pickUpAttachment(run: Run): boolean {
	if (run.attachments.length === 0) return false;
	const key = attachmentKey(run.packet);
	const index = run.attachments.findIndex((a) => a.key === key);
	if (index === -1) return false;
	const [attachment] = run.attachments.splice(index, 1);
	if (!attachment) return false;
	if (attachment.untracked) run.setConnection("UNTRACKED", undefined, false);
	else if (attachment.entry)
		run.setConnection(
			attachment.info,
			attachment.entry,
			!run.conntrack.isConfirmed(attachment.entry.id),
		);
	else return false;
	run.ctFromAttachment = true;
	run.step({
		kind: "conntrack",
		info: run.ct.info,
		...(run.ct.entry ? { entry: run.ct.entry } : {}),
		note: `connection carried with the packet (${attachment.why})`,
	});
	return true;
}
