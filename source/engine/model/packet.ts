/**
 * An IPv4 packet as the engine sees it at one point of its path. Addresses are
 * unsigned 32-bit integers. Everything a LOG line prints is here, so that a
 * packet parsed from a kernel log line formats back to the same line.
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
	/** Parameter problem. */
	readonly parameter?: number;
	/** Fragmentation needed. */
	readonly mtu?: number;
	/** The quoted packet inside an ICMP error. */
	readonly inner?: Packet;
};

export type Packet = {
	readonly src: number;
	readonly dst: number;
	/** IP protocol number. */
	readonly protocol: number;
	/** IP total length. */
	readonly length: number;
	/** The whole TOS byte (DSCP and ECN). */
	readonly tos: number;
	readonly ttl: number;
	readonly id: number;
	/** The reserved "evil" bit (LOG `CE`). */
	readonly ce: boolean;
	readonly df: boolean;
	readonly mf: boolean;
	/** Fragment offset in 8-byte units. */
	readonly fragmentOffset: number;
	/** IP options as uppercase hex, when present. */
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
} as const;
