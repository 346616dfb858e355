/**
 * Packets the kernel sends that carry a connection with them: a REJECT
 * reply or ICMP error (nf_ct_attach: RELATED, opposite direction), and a
 * locally sent packet looping back through `lo` (it keeps its conntrack and
 * mark). When the same packet is simulated later it picks the attachment up.
 */
import { classify } from "../conntrack/classify.js";
import { icmpErrorTypes } from "../conntrack/tuple.js";
import type { CtInfo } from "../conntrack/types.js";
import { localOwner6 } from "../host/host-view6.js";
import { ipProtocol, type Packet } from "../model/packet.js";
import { packetTracked } from "./conntrack-use.js";
import { attachmentKey } from "./engine-state.js";
import type { Run } from "./run.js";

/** How long an attachment waits for its packet, in seconds. */
const attachmentLifetime = 2;

/** ICMPv6 error messages: types below 128 (RFC 4443). */
function isIcmp6Error(packet: Packet): boolean {
	return (
		packet.protocol === ipProtocol.ICMPV6 && (packet.icmp?.type ?? 128) < 128
	);
}

function relatedInfo(info: CtInfo): CtInfo {
	return info === "ESTABLISHED_REPLY" || info === "RELATED_REPLY"
		? "RELATED"
		: "RELATED_REPLY";
}

export function attachReply(run: Run, reply: Packet, why: string): void {
	run.generated.push(reply);
	const entry = run.ct.entry;
	run.attachments.add({
		key: attachmentKey(reply),
		info: entry ? relatedInfo(run.ct.info) : "INVALID",
		...(entry ? { entry } : {}),
		mark: 0,
		// An untracked packet's error gets a NULL conntrack with a RELATED
		// ctinfo (nf_conntrack_attach): INVALID, not untracked.
		untracked: false,
		until: run.time + attachmentLifetime,
		why,
	});
}

export function attachLoopback(run: Run): void {
	run.attachments.add({
		key: attachmentKey(run.packet),
		info: run.ct.info,
		...(run.ct.entry ? { entry: run.ct.entry } : {}),
		mark: run.meta.mark,
		untracked: run.ct.info === "UNTRACKED",
		until: run.time + attachmentLifetime,
		why: "looped back through lo",
	});
}

/**
 * An ICMP or ICMPv6 error the stack sent for a packet iptx did not see it
 * answer (host or address unreachable after neighbour resolution failed, an
 * error from a log line): icmp_send attached the conntrack of the packet it
 * quotes (icmp_glue_bits, icmpv6_getfrag → nf_ct_attach), so it is RELATED
 * from raw OUTPUT on, and a NOTRACK or CT there finds it attached (recorded:
 * fuzz6-20). Not so for UDP's port unreachable to a local port: udp_rcv and
 * __udp6_lib_rcv reset the conntrack first (nf_reset_ct), and conntrack
 * looks the error up itself, in zone 0.
 */
function errorAttachment(run: Run): boolean {
	const { packet } = run;
	const icmp = packet.icmp;
	const inner = icmp?.inner;
	if (icmp === undefined || inner === undefined) return false;
	const v4 = packet.protocol === ipProtocol.ICMP;
	if (v4 ? !icmpErrorTypes.has(icmp.type) : !isIcmp6Error(packet)) return false;
	const portUnreachable = v4
		? icmp.type === 3 && icmp.code === 3
		: icmp.type === 1 && icmp.code === 4;
	const udpNoSocket =
		portUnreachable &&
		inner.protocol === ipProtocol.UDP &&
		(typeof inner.dst === "number"
			? run.context.host.isLocal(inner.dst)
			: localOwner6(run.context.host.host, inner.dst) !== undefined);
	if (udpNoSocket || !packetTracked(run)) return false;
	const found = classify(run.conntrack, packet, run.time, false);
	if (found.entry === undefined) return false;
	run.setConnection(found.info, found.entry, false);
	run.ctFromAttachment = true;
	run.step({
		kind: "conntrack",
		info: found.info,
		entry: found.entry,
		note: "the stack attached the connection of the packet this error quotes (nf_ct_attach)",
	});
	return true;
}

/** Takes the attachment waiting for this packet, if any. */
export function pickUpAttachment(run: Run): boolean {
	const attachment =
		run.attachments.size === 0
			? undefined
			: run.attachments.take(attachmentKey(run.packet));
	if (attachment === undefined)
		return run.meta.inInterface === "" && errorAttachment(run);
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
