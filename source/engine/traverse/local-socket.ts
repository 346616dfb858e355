/**
 * Which socket sent a locally generated packet, as the kernel would have it
 * (recorded: test/fixtures/scenarios-own/owner-local). Processes' sockets
 * have an owner; a listener answers the handshake from a request socket (the
 * owner match sees the listener, LOG prints no UID); the stack's resets, ICMP
 * errors and echo replies leave from per-namespace control sockets without an
 * owner; TIME_WAIT acknowledgements and REJECT's reset have no socket at all.
 */
import type { ConntrackDraft } from "../conntrack/table.js";
import { tcpTransition } from "../conntrack/tcp-state.js";
import { tupleOf } from "../conntrack/tuple.js";
import type { Mutable } from "../lib/mutable.js";
import {
	ipProtocol,
	type Packet,
	type PacketMeta,
	type SocketKind,
	tcpFlag,
} from "../model/packet.js";

/** Owner assumed for processes' sockets when a packet does not say. */
export type LocalOwner = { readonly uid: number; readonly gid: number };

const icmpRequests: ReadonlySet<number> = new Set([8, 13, 15, 17]);
/**
 * ICMPv6 a process sends (echo request, node information query); the
 * stack sends the rest (echo replies and errors from the icmpv6 socket,
 * neighbour discovery from ndisc_sk, MLD from igmp6_sk): kernel sockets
 * without an owner (recorded: fuzz6-2).
 */
const icmp6Requests: ReadonlySet<number> = new Set([128, 139]);

/** The socket kind a packet's own headers tell (before conntrack is consulted). */
export function socketKindOf(packet: Packet, generatedBy?: string): SocketKind {
	if (generatedBy !== undefined) {
		return packet.protocol === ipProtocol.ICMP ||
			packet.protocol === ipProtocol.ICMPV6
			? "kernel"
			: "none";
	}
	if (packet.protocol === ipProtocol.ICMP) {
		return icmpRequests.has(packet.icmp?.type ?? -1) ? "file" : "kernel";
	}
	if (packet.protocol === ipProtocol.ICMPV6) {
		return icmp6Requests.has(packet.icmp?.type ?? -1) ? "file" : "kernel";
	}
	const flags = packet.tcp?.flags ?? 0;
	if (packet.protocol === ipProtocol.TCP) {
		if (flags & tcpFlag.RST) return "kernel";
		if (flags & tcpFlag.SYN && flags & tcpFlag.ACK) return "request";
	}
	return "file";
}

/** Meta with the socket kind and, for sockets with an owner, the owner. */
export function withLocalSocket(
	meta: PacketMeta,
	kind: SocketKind,
	owner: LocalOwner | undefined,
): PacketMeta {
	const owned = kind === "file" || kind === "request";
	const uid = owned ? (meta.uid ?? owner?.uid) : undefined;
	const gid = owned ? (meta.gid ?? owner?.gid) : undefined;
	// A copy, then the owner fields set or deleted: cheaper than rest/spread
	// on every locally sent packet.
	const next: Mutable<PacketMeta> = { ...meta, socket: kind };
	// `delete` only when a field must go (rare: it slows the object down).
	if (uid !== undefined) next.uid = uid;
	else if (next.uid !== undefined) delete next.uid;
	if (gid !== undefined) next.gid = gid;
	else if (next.gid !== undefined) delete next.gid;
	return next;
}

/** A bare ACK that leaves a connection in TIME_WAIT comes from a TIME_WAIT socket: none. */
export function isTimeWaitAck(
	packet: Packet,
	tcpState: string | undefined,
): boolean {
	const flags = (packet.tcp?.flags ?? 0) & 0xff;
	return (
		packet.protocol === ipProtocol.TCP &&
		tcpState === "TIME_WAIT" &&
		(flags & ~tcpFlag.PSH) === tcpFlag.ACK
	);
}

/**
 * Whether this locally sent segment is the bare ACK that puts its connection
 * into TIME_WAIT: the kernel sends it from the TIME_WAIT socket, so it has no
 * owner from the first hook on (raw OUTPUT as filter OUTPUT; recorded:
 * owner-raw-timewait). Looked up before conntrack runs, without changing the
 * table.
 */
export function entersTimeWait(
	table: ConntrackDraft,
	packet: Packet,
	now: number,
): boolean {
	if (packet.protocol !== ipProtocol.TCP) return false;
	const found = table.find(tupleOf(packet), now);
	const state = found?.entry.tcpState;
	if (found === undefined || state === undefined) return false;
	const next = tcpTransition(state, found.direction, packet.tcp?.flags ?? 0);
	return isTimeWaitAck(packet, next === "IGNORE" ? state : next);
}
