/**
 * An IPv4 or IPv6 packet as the engine sees it at one point of its path.
 * Everything a LOG line prints is here, so that a packet parsed from a kernel
 * log line formats back to the same line. One model serves both families so
 * the engine is one kernel: `family` tells them apart, IPv4 addresses are
 * unsigned 32-bit integers (the hot path), IPv6 addresses the kernel's own
 * full notation (`Ipv6Text`), which compares, keys maps and logs as is.
 */

/** TCP flag bits as in the TCP header byte 13 (plus AE, the AccECN bit). */
export const tcpFlag = {
	FIN: 0x01,
	SYN: 0x02,
	RST: 0x04,
	PSH: 0x08,
	ACK: 0x10,
	URG: 0x20,
	ECE: 0x40,
	CWR: 0x80,
	AE: 0x100,
} as const;

export type TcpHeader = {
	readonly seq: number;
	readonly ack: number;
	readonly window: number;
	/** Reserved bits as LOG prints them in `RES=0x..`. */
	readonly res: number;
	/** Bitmask of `tcpFlag`. */
	readonly flags: number;
	readonly urgp: number;
	/** Raw TCP options as uppercase hex, when known (LOG `OPT (...)`). */
	readonly options?: string;
};

export type UdpHeader = {
	/** The UDP length field (header plus payload). */
	readonly length: number;
};

export type IcmpHeader = {
	readonly type: number;
	readonly code: number;
	/** Echo / echo reply (and timestamp/info/mask) identifier and sequence. */
	readonly id?: number;
	readonly sequence?: number;
	/** Redirect. */
	readonly gateway?: number;
	/** ICMPv6 neighbour solicitation/advertisement target, redirect target. */
	readonly target?: Ipv6Text;
	/** Parameter problem. */
	readonly parameter?: number;
	/** Fragmentation needed. */
	readonly mtu?: number;
	/** The quoted packet inside an ICMP error. */
	readonly inner?: Packet;
};

/**
 * An IPv6 address as nf_log_ipv6 prints it: eight groups of four lowercase
 * hex digits (`fd00:0002:0000:0000:0000:0000:0000:0003`), one spelling per
 * address. See `net/ipv6-text.ts`.
 */
export type Ipv6Text = string;

/**
 * IPv6 extension headers in packet order, as ipv6_skip_exthdr walks them
 * (`rt` carries the routing type, `frag` its fields).
 */
export type Ipv6ExtHeader =
	| {
			readonly kind: "hbh" | "dst";
			/** Bytes; absent: the minimal 8-byte header (options only padding). */
			readonly length?: number;
	  }
	| { readonly kind: "mh" }
	| {
			readonly kind: "rt";
			readonly type: number;
			readonly segmentsLeft?: number;
			/** Bytes, when known. */
			readonly length?: number;
	  }
	| {
			readonly kind: "frag";
			readonly id: number;
			readonly offset: number;
			readonly more: boolean;
	  }
	| { readonly kind: "ah" };

type PacketCommon = {
	/**
	 * IPv4: the IP protocol number; IPv6: the upper-layer protocol at the
	 * end of the extension-header chain (ipv6_find_hdr), 59 when none.
	 */
	readonly protocol: number;
	/** IPv4 total length; IPv6 payload length plus the 40-byte header (LOG `LEN=`). */
	readonly length: number;
	/** IPv4: the whole TOS byte (DSCP and ECN); IPv6: the traffic class. */
	readonly tos: number;
	/** IPv4 TTL; IPv6 hop limit. */
	readonly ttl: number;
	/** IPv4 ID; IPv6: the fragment header's identification (0 without one). */
	readonly id: number;
	/** The reserved "evil" bit (LOG `CE`); always false for IPv6. */
	readonly ce: boolean;
	/** Don't fragment; always false for IPv6 (routers never fragment it). */
	readonly df: boolean;
	/** More fragments (IPv6: from the fragment header). */
	readonly mf: boolean;
	/** Fragment offset in 8-byte units (IPv6: from the fragment header). */
	readonly fragmentOffset: number;
	/** IP options as uppercase hex, when present (IPv4 only). */
	readonly ipOptions?: string;
	readonly sport?: number;
	readonly dport?: number;
	readonly tcp?: TcpHeader;
	readonly udp?: UdpHeader;
	readonly icmp?: IcmpHeader;
	/** SPI for AH/ESP. */
	readonly spi?: number;
	/**
	 * Bytes of the protocol header actually present when it is cut short, as
	 * LOG prints `INCOMPLETE [n bytes]` (ICMP errors quoting only 8 bytes).
	 */
	readonly incomplete?: number;
	/** Payload bytes when given (for `string`/`u32` style matches). */
	readonly payload?: Uint8Array;
};

export type Packet4 = PacketCommon & {
	readonly family?: "ipv4";
	readonly src: number;
	readonly dst: number;
};

export type Packet6 = PacketCommon & {
	readonly family: "ipv6";
	readonly src: Ipv6Text;
	readonly dst: Ipv6Text;
	/** The 20-bit flow label (LOG `FLOWLBL=`). */
	readonly flowLabel: number;
	/** Extension headers between the IPv6 header and `protocol`. */
	readonly extHeaders: readonly Ipv6ExtHeader[];
};

export type Packet = Packet4 | Packet6;

export const isIpv6 = (packet: Packet): packet is Packet6 =>
	packet.family === "ipv6";

/**
 * What surrounds a packet on the host: where it came from, its mark, its
 * socket. The `Packet` is the header; `PacketMeta` is the skb's other fields.
 */
export type PacketMeta = {
	/** Input device; empty for locally generated packets. */
	readonly inInterface: string;
	/** Output device when already known (locally generated: from the socket's route). */
	readonly outInterface?: string;
	/** Bridge port the frame entered on (br_netfilter `PHYSIN=`). */
	readonly physIn?: string;
	readonly physOut?: string;
	/** The link-layer header as LOG prints it after `MAC=` (lowercase hex with colons). */
	readonly mac?: string;
	readonly mark: number;
	/** skb->priority (`meta priority`, tc classid major:minor); 0 when unset. */
	readonly priority?: number;
	/** Local socket owner for locally generated packets. */
	readonly uid?: number;
	readonly gid?: number;
	/**
	 * The socket behind a locally generated packet, as `-m owner` and
	 * `--log-uid` see it:
	 * - `file`: a process's socket; its owner is `uid`/`gid` (unknown when unset);
	 * - `request`: a listener answering a handshake (SYN/ACK): `-m owner` sees
	 *   the listener's owner, LOG prints no UID;
	 * - `kernel`: the kernel's own control socket (stack resets, ICMP errors and
	 *   echo replies): a socket exists but has no owner;
	 * - `none`: no socket at all (TIME_WAIT acknowledgements, REJECT's reset).
	 */
	readonly socket?: SocketKind;
	/** Link-layer class the driver gave the frame (pkttype match). */
	readonly linkType?: "host" | "broadcast" | "multicast" | "otherhost";
	/** Seconds (any epoch; only differences matter). */
	readonly time: number;
};

export type SocketKind = "file" | "request" | "kernel" | "none";

/** A packet with its surroundings, as it enters the host. */
export type PacketInput = {
	readonly packet: Packet;
	readonly meta: PacketMeta;
};

export const ipProtocol = {
	ICMP: 1,
	TCP: 6,
	UDP: 17,
	GRE: 47,
	ESP: 50,
	AH: 51,
	SCTP: 132,
	UDPLITE: 136,
	DCCP: 33,
	ICMPV6: 58,
	NONE6: 59,
} as const;

/**
 * The packet with its source or destination address replaced by one of the
 * same family (NAT). A family mismatch is a programmer error.
 */
export function withAddress(
	packet: Packet,
	side: "src" | "dst",
	address: number | Ipv6Text,
): Packet {
	if (isIpv6(packet) && typeof address === "string")
		return side === "src"
			? { ...packet, src: address }
			: { ...packet, dst: address };
	if (!isIpv6(packet) && typeof address === "number")
		return side === "src"
			? { ...packet, src: address }
			: { ...packet, dst: address };
	throw new Error(`iptx: ${side} address of the other family`, {
		cause: address,
	});
}

/** The packet with source and destination swapped (a reply's addresses). */
export function swapAddresses(packet: Packet): Packet {
	return isIpv6(packet)
		? { ...packet, src: packet.dst, dst: packet.src }
		: { ...packet, src: packet.dst, dst: packet.src };
}
