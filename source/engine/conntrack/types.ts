/**
 * Connection tracking as the kernel keys it: a tuple per direction, status
 * bits, the protocol's own state, and the NAT bindings.
 */

import type { IpAddress } from "../net/address.js";
import type { CtZoneDirection } from "./zone.js";

export type Tuple = {
	/** IPv4: a 32-bit number; IPv6: the kernel spelling (the family follows). */
	readonly src: IpAddress;
	readonly dst: IpAddress;
	readonly protocol: number;
	/** TCP/UDP ports; ICMP: id in `sport`, type<<8|code in `dport`. */
	readonly sport: number;
	readonly dport: number;
};

/** IPS_* status bits (include/uapi/linux/netfilter/nf_conntrack_common.h). */
export const ctStatus = {
	EXPECTED: 1 << 0,
	SEEN_REPLY: 1 << 1,
	ASSURED: 1 << 2,
	CONFIRMED: 1 << 3,
	SRC_NAT: 1 << 4,
	DST_NAT: 1 << 5,
	SRC_NAT_DONE: 1 << 7,
	DST_NAT_DONE: 1 << 8,
} as const;

/** TCP conntrack states in the kernel's order (enum tcp_conntrack). */
export const tcpConntrackStates = [
	"NONE",
	"SYN_SENT",
	"SYN_RECV",
	"ESTABLISHED",
	"FIN_WAIT",
	"CLOSE_WAIT",
	"LAST_ACK",
	"TIME_WAIT",
	"CLOSE",
	"SYN_SENT2",
] as const;

export type TcpConntrackState = (typeof tcpConntrackStates)[number];

export type ConntrackEntry = {
	/** Monotonic id, for display and stable keys. */
	readonly id: number;
	readonly original: Tuple;
	readonly reply: Tuple;
	/** Bitmask of `ctStatus`. */
	readonly status: number;
	readonly mark: number;
	readonly tcpState?: TcpConntrackState;
	/** Absolute expiry time in seconds (packet clock). */
	readonly expires: number;
	/** Seconds the entry was created at. */
	readonly created: number;
	/** Conntrack zone id (0: the default zone). */
	readonly zone: number;
	/** The one direction the zone applies to (`CT --zone-orig`); absent: both. */
	readonly zoneDirection?: CtZoneDirection;
	/** Helper name attached with `-j CT --helper`. */
	readonly helper?: string;
	/** Packets and bytes seen in each direction (conntrack accounting, for connbytes). */
	readonly counters?: ConntrackCounters;
	/**
	 * Source ports the kernel may have taken for this connection's source NAT
	 * instead of the simulated one (see nat-choice.ts), until a packet shows it.
	 */
	readonly portChoice?: { readonly min: number; readonly max: number };
	/**
	 * TCP: when each direction first sent a FIN or RST (seconds): a host's
	 * socket on that side was closed by its process then.
	 */
	readonly finAt?: { readonly original?: number; readonly reply?: number };
};

export type ConntrackCounters = {
	readonly originalPackets: number;
	readonly originalBytes: number;
	readonly replyPackets: number;
	readonly replyBytes: number;
};

/** The packet's view of its connection: `ctinfo` in the kernel. */
export type CtInfo =
	| "NEW"
	| "ESTABLISHED"
	| "RELATED"
	| "ESTABLISHED_REPLY"
	| "RELATED_REPLY"
	| "INVALID"
	| "UNTRACKED";

export type CtView = {
	readonly info: CtInfo;
	/** Absent for INVALID and UNTRACKED. */
	readonly entry?: ConntrackEntry;
	/** True when the entry is not yet confirmed (first packet still in flight). */
	readonly unconfirmed?: boolean;
	/** TCP: the connection's state before this packet moved it. */
	readonly before?: TcpConntrackState;
};

/** The state names `-m conntrack --ctstate` / `-m state --state` test. */
export function ctStateName(
	info: CtInfo,
): "NEW" | "ESTABLISHED" | "RELATED" | "INVALID" | "UNTRACKED" {
	switch (info) {
		case "NEW":
			return "NEW";
		case "ESTABLISHED":
		case "ESTABLISHED_REPLY":
			return "ESTABLISHED";
		case "RELATED":
		case "RELATED_REPLY":
			return "RELATED";
		case "INVALID":
			return "INVALID";
		case "UNTRACKED":
			return "UNTRACKED";
	}
}

export function ctDirection(info: CtInfo): "ORIGINAL" | "REPLY" {
	return info === "ESTABLISHED_REPLY" || info === "RELATED_REPLY"
		? "REPLY"
		: "ORIGINAL";
}
