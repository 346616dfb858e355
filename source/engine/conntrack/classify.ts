/**
 * nf_conntrack_in(): find or create the packet's connection and decide its
 * ctinfo (NEW, ESTABLISHED, RELATED, INVALID), updating the protocol state
 * of known connections as the kernel does, before any rule sees it.
 */
import type { Mutable } from "../lib/mutable.js";
import { ipProtocol, type Packet, tcpFlag } from "../model/packet.js";
import { settled } from "./nat-choice.js";
import type { ConntrackDraft } from "./table.js";
import {
	tcpFlagsValid,
	tcpNewState,
	tcpReopens,
	tcpTimeouts,
	tcpTransition,
} from "./tcp-state.js";
import {
	icmp6StartsConnection,
	icmp6Untracked,
	icmpErrorTypes,
	icmpStartsConnection,
	invertTuple,
	tupleOf,
} from "./tuple.js";
import {
	type ConntrackEntry,
	type CtInfo,
	ctStatus,
	type TcpConntrackState,
} from "./types.js";
import { type CtZone, defaultZone } from "./zone.js";

/** Seconds (nf_conntrack_proto_udp.c, _icmp.c, _generic.c defaults). */
const udpUnreplied = 30;
const udpReplied = 120;
const icmpTimeout = 30;
const genericTimeout = 600;

export type Classified = {
	readonly info: CtInfo;
	readonly entry?: ConntrackEntry;
	readonly unconfirmed: boolean;
	readonly note: string;
	/** TCP: the connection's state before this packet (a known connection's packet). */
	readonly previous?: TcpConntrackState;
};

const invalid = (note: string): Classified => ({
	info: "INVALID",
	unconfirmed: false,
	note,
});

/** `zone`: the conntrack zone the packet is looked up in and a new connection takes (its CT template's, else zone 0). */
export function classify(
	draft: ConntrackDraft,
	packet: Packet,
	now: number,
	tcpLoose: boolean,
	zone: CtZone = defaultZone,
): Classified {
	if (packet.fragmentOffset > 0 || packet.mf) {
		return invalid("fragment: reassembly is not modelled");
	}
	if (packet.protocol === ipProtocol.ICMP && packet.icmp) {
		if (icmpErrorTypes.has(packet.icmp.type)) {
			return classifyIcmpError(draft, packet, now, zone);
		}
	}
	if (packet.protocol === ipProtocol.ICMPV6 && packet.icmp) {
		const { type } = packet.icmp;
		if (icmp6Untracked.has(type))
			return {
				info: "UNTRACKED",
				unconfirmed: false,
				note: "neighbour discovery and MLD are not tracked",
			};
		if (type < 128) return classifyIcmpError(draft, packet, now, zone);
	}
	if (packet.protocol === ipProtocol.TCP) {
		const flags = packet.tcp?.flags ?? 0;
		if (!tcpFlagsValid(flags)) return invalid("invalid TCP flag combination");
	}
	const tuple = tupleOf(packet);
	const found = draft.find(tuple, now, zone);
	if (found) {
		const { entry, direction } = found;
		if (packet.protocol === ipProtocol.TCP && entry.tcpState) {
			const flags = packet.tcp?.flags ?? 0;
			if (tcpReopens(entry.tcpState, direction, flags)) {
				draft.remove(entry);
				return classifyNew(draft, packet, now, tcpLoose, zone);
			}
			return established(draft, entry, direction, packet, now);
		}
		return established(draft, entry, direction, packet, now);
	}
	return classifyNew(draft, packet, now, tcpLoose, zone);
}

function classifyNew(
	draft: ConntrackDraft,
	packet: Packet,
	now: number,
	tcpLoose: boolean,
	zone: CtZone,
): Classified {
	const original = tupleOf(packet);
	const reply = invertTuple(original);
	if (!reply) return invalid("ICMP type cannot start a connection");
	let tcpState: ConntrackEntry["tcpState"];
	let timeout = genericTimeout;
	if (packet.protocol === ipProtocol.TCP) {
		const state = tcpNewState(packet.tcp?.flags ?? 0, tcpLoose);
		if (state === "INVALID") {
			return invalid("TCP segment cannot start a connection (no SYN)");
		}
		tcpState = state;
		timeout = tcpTimeouts[state];
	} else if (packet.protocol === ipProtocol.ICMP) {
		if (!icmpStartsConnection(packet.icmp?.type ?? -1)) {
			return invalid("ICMP reply without a request");
		}
		timeout = icmpTimeout;
	} else if (packet.protocol === ipProtocol.ICMPV6) {
		if (!icmp6StartsConnection(packet.icmp?.type ?? -1))
			return invalid("ICMPv6 type cannot start a connection");
		timeout = icmpTimeout;
	} else if (
		packet.protocol === ipProtocol.UDP ||
		packet.protocol === ipProtocol.UDPLITE
	) {
		timeout = udpUnreplied;
	}
	const entry: ConntrackEntry = {
		id: draft.allocateId(),
		original,
		reply,
		status: 0,
		mark: 0,
		expires: now + timeout,
		created: now,
		zone: zone.zone,
		...(zone.zoneDirection === undefined
			? {}
			: { zoneDirection: zone.zoneDirection }),
		...(tcpState ? { tcpState } : {}),
		counters: {
			originalPackets: 1,
			originalBytes: packet.length,
			replyPackets: 0,
			replyBytes: 0,
		},
	};
	return { info: "NEW", entry, unconfirmed: true, note: "new connection" };
}

function established(
	draft: ConntrackDraft,
	entry: ConntrackEntry,
	direction: "original" | "reply",
	packet: Packet,
	now: number,
): Classified {
	const refreshed = refresh(entry, direction, packet, now);
	if (typeof refreshed === "string") return invalid(refreshed);
	// One copy of the entry, then the fields this packet changes: every
	// packet of a known connection passes here.
	const next: Mutable<ConntrackEntry> = { ...entry };
	if (refreshed.expires !== undefined) next.expires = refreshed.expires;
	if (refreshed.tcpState !== undefined) next.tcpState = refreshed.tcpState;
	const status = refreshed.status ?? entry.status;
	next.status = direction === "reply" ? status | ctStatus.SEEN_REPLY : status;
	next.counters = counted(entry.counters, direction, packet.length);
	const closing = (packet.tcp?.flags ?? 0) & (tcpFlag.FIN | tcpFlag.RST);
	if (
		closing !== 0 &&
		packet.protocol === ipProtocol.TCP &&
		entry.finAt?.[direction] === undefined
	)
		next.finAt =
			direction === "original"
				? { ...entry.finAt, original: now }
				: { ...entry.finAt, reply: now };
	draft.update(next);
	const info: CtInfo =
		direction === "reply"
			? "ESTABLISHED_REPLY"
			: entry.status & ctStatus.SEEN_REPLY
				? "ESTABLISHED"
				: "NEW";
	return new KnownConnection(info, next, direction, entry.tcpState);
}

/**
 * A known connection's packet. Its note is written when read: only a run
 * that records steps reads it, and every packet of a known connection
 * passes here.
 */
class KnownConnection implements Classified {
	readonly info: CtInfo;
	readonly entry: ConntrackEntry;
	readonly unconfirmed = false;
	declare readonly previous?: TcpConntrackState;
	private readonly direction: "original" | "reply";

	constructor(
		info: CtInfo,
		entry: ConntrackEntry,
		direction: "original" | "reply",
		previous: TcpConntrackState | undefined,
	) {
		this.info = info;
		this.entry = entry;
		this.direction = direction;
		if (previous !== undefined) this.previous = previous;
	}

	get note(): string {
		return `${this.direction} direction of connection #${this.entry.id}`;
	}
}

type Refresh = {
	readonly expires?: number;
	readonly status?: number;
	readonly tcpState?: TcpConntrackState;
};

/**
 * The protocol's part of a known connection's packet (tcp_packet,
 * nf_conntrack_udp_packet, the ICMP and generic handlers): the new timeout,
 * TCP state and ASSURED bit, or why the packet is INVALID.
 */
function refresh(
	entry: ConntrackEntry,
	direction: "original" | "reply",
	packet: Packet,
	now: number,
): Refresh | string {
	if (packet.protocol === ipProtocol.TCP && entry.tcpState) {
		const flags = packet.tcp?.flags ?? 0;
		const transition = tcpTransition(entry.tcpState, direction, flags);
		if (transition === "INVALID") {
			return `TCP state ${entry.tcpState} does not allow this segment`;
		}
		if (transition === "IGNORE") return {};
		const assured =
			transition === "ESTABLISHED" &&
			(entry.tcpState === "SYN_RECV" || entry.tcpState === "ESTABLISHED");
		return {
			tcpState: transition,
			status: assured ? entry.status | ctStatus.ASSURED : entry.status,
			expires: now + tcpTimeouts[transition],
		};
	}
	if (
		packet.protocol === ipProtocol.UDP ||
		packet.protocol === ipProtocol.UDPLITE
	) {
		const replied = (entry.status & ctStatus.SEEN_REPLY) !== 0;
		const stream = replied && now - entry.created > 2;
		return {
			expires: now + (stream ? udpReplied : udpUnreplied),
			status: stream ? entry.status | ctStatus.ASSURED : entry.status,
		};
	}
	return {
		expires:
			now +
			(packet.protocol === ipProtocol.ICMP ||
			packet.protocol === ipProtocol.ICMPV6
				? icmpTimeout
				: genericTimeout),
	};
}

/** nf_ct_acct_update(): one more packet of `bytes` in a direction. */
function counted(
	counters: ConntrackEntry["counters"],
	direction: "original" | "reply",
	bytes: number,
): NonNullable<ConntrackEntry["counters"]> {
	const original = direction === "original";
	return {
		originalPackets: (counters?.originalPackets ?? 0) + (original ? 1 : 0),
		originalBytes: (counters?.originalBytes ?? 0) + (original ? bytes : 0),
		replyPackets: (counters?.replyPackets ?? 0) + (original ? 0 : 1),
		replyBytes: (counters?.replyBytes ?? 0) + (original ? 0 : bytes),
	};
}

/** nf_conntrack_inet_error(): an ICMP error is RELATED when it quotes a known connection. */
function classifyIcmpError(
	draft: ConntrackDraft,
	packet: Packet,
	now: number,
	zone: CtZone,
): Classified {
	const inner = packet.icmp?.inner;
	if (!inner) return invalid("ICMP error without the quoted packet");
	const quoted = invertTuple(tupleOf(inner));
	if (!quoted) return invalid("ICMP error quoting an untrackable packet");
	const found = draft.find(quoted, now, zone, false);
	if (!found) return invalid("ICMP error quoting no known connection");
	const expectedDst =
		found.direction === "original"
			? found.entry.original.dst
			: found.entry.reply.dst;
	if (expectedDst !== packet.dst) {
		return invalid("ICMP error not addressed to the connection endpoint");
	}
	// Quoting the packet as it left, the error shows the source port the
	// kernel chose: a pending choice is settled (nat-choice.ts).
	const entry =
		found.direction === "reply" && found.entry.portChoice
			? settled(draft, found.entry)
			: found.entry;
	return {
		info: found.direction === "reply" ? "RELATED_REPLY" : "RELATED",
		entry,
		unconfirmed: false,
		note: `ICMP error about connection #${found.entry.id}`,
	};
}
