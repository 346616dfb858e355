/**
 * Turns the options of the short packet notation into a packet, filling in
 * what a Linux sender would normally put there.
 */

import type { Mutable } from "../lib/mutable.js";
import {
	ipProtocol,
	type Packet,
	type PacketMeta,
	tcpFlag,
} from "../model/packet.js";
import type { LogDevices } from "./log-line.js";
import type { SpecEndpoint } from "./spec-endpoint.js";
import { ipHeader } from "./spec-ip-header.js";

export class SpecError extends Error {
	readonly column: number;
	constructor(message: string, column: number) {
		super(message);
		this.column = column;
	}
}

/** Everything the short notation can say. */
export type SpecFields = {
	protocol: number;
	in: string;
	out: string;
	physIn: string;
	physOut: string;
	mac: string;
	local: boolean;
	df: boolean;
	mf: boolean;
	fragmentOffset: number;
	ttl: number;
	length: number;
	ipId: number;
	tos: number;
	mark: number;
	uid: number;
	gid: number;
	flags: number;
	seq: number;
	ack: number;
	window: number;
	icmpType: number;
	icmpCode: number;
	icmpId: number;
	icmpSeq: number;
	payload: number;
	spi: number;
	time: number;
	/** IPv6 only: the 20-bit flow label. */
	flowLabel: number;
};

/** An endpoint of either family (see `spec-endpoint.ts`). */
type Endpoint = SpecEndpoint;

function headerLength(f: Partial<SpecFields>): number {
	switch (f.protocol) {
		case ipProtocol.TCP:
			return 20;
		case ipProtocol.UDP:
		case ipProtocol.UDPLITE:
		case ipProtocol.ICMP:
		case ipProtocol.ICMPV6:
		case ipProtocol.ESP:
		case ipProtocol.AH:
			return 8;
		default:
			return 0;
	}
}

function addL4(
	p: Mutable<Packet>,
	f: Partial<SpecFields>,
	src: Endpoint,
	dst: Endpoint,
	column: number,
): void {
	const proto = p.protocol;
	if (
		proto === ipProtocol.TCP ||
		proto === ipProtocol.UDP ||
		proto === ipProtocol.UDPLITE ||
		proto === ipProtocol.SCTP ||
		proto === ipProtocol.DCCP
	) {
		if (dst.port === undefined) {
			throw new SpecError(
				"this protocol needs a destination port (ADDR:PORT)",
				column,
			);
		}
		p.sport = src.port ?? 40000;
		p.dport = dst.port;
	}
	if (proto === ipProtocol.TCP) {
		const flags = f.flags ?? tcpFlag.SYN;
		const hasAck = (flags & tcpFlag.ACK) !== 0;
		p.tcp = {
			seq: f.seq ?? 1000,
			ack: f.ack ?? (hasAck ? 1 : 0),
			window: f.window ?? 64240,
			res: 0,
			flags,
			urgp: 0,
		};
	} else if (proto === ipProtocol.UDP || proto === ipProtocol.UDPLITE) {
		p.udp = { length: p.length - ipHeaderLength(p) };
	} else if (proto === ipProtocol.ICMP || proto === ipProtocol.ICMPV6) {
		const type = f.icmpType ?? defaultEchoType(p);
		const echo = isEchoType(p, type);
		p.icmp = echo
			? {
					type,
					code: f.icmpCode ?? 0,
					id: f.icmpId ?? 1,
					sequence: f.icmpSeq ?? 1,
				}
			: { type, code: f.icmpCode ?? 0 };
	} else if (proto === ipProtocol.ESP || proto === ipProtocol.AH) {
		p.spi = f.spi ?? 0x100;
	}
}

/** 20 bytes for IPv4 (no options here), 40 for IPv6 (no extension headers). */
function ipHeaderLength(p: Packet): number {
	return p.family === "ipv6" ? 40 : 20;
}

/** Echo request: ICMP type 8, ICMPv6 type 128. */
function defaultEchoType(p: Packet): number {
	return p.family === "ipv6" ? 128 : 8;
}

/** Echo request or reply, which carry an identifier and sequence. */
function isEchoType(p: Packet, type: number): boolean {
	return p.family === "ipv6"
		? type === 128 || type === 129
		: type === 0 || type === 8;
}

/**
 * 56 bytes for an echo (as `ping` sends); a neighbour solicitation or
 * advertisement carries its 16-byte target and an 8-byte link-layer
 * address option (LEN=72, as the kernel's ndisc sends them).
 */
function defaultPayload(p: Packet, isIcmp: boolean, type: number): number {
	if (!isIcmp) return 0;
	if (isEchoType(p, type)) return 56;
	return p.family === "ipv6" && (type === 135 || type === 136) ? 24 : 0;
}

/**
 * Defaults: TTL 64, DF set (Linux sets it on all its traffic unless told
 * otherwise), IP ID 1, TOS 0, TCP flags SYN, seq 1000, ack 0 (1 with ACK),
 * window 64240, ICMP echo request id 1 seq 1. The IP length is the headers
 * plus `payload` bytes, with 56 payload bytes for an echo (as `ping` sends);
 * `len` overrides it. Without `in DEV` the packet must be `local`.
 */
export function buildSpecPacket(
	f: Partial<SpecFields>,
	src: Endpoint,
	dst: Endpoint,
	column: number,
): {
	ok: true;
	input: { packet: Packet; meta: PacketMeta };
	devices: LogDevices;
} {
	const protocol = f.protocol ?? 0;
	const p = ipHeader(f, src, dst, column);
	if (protocol === ipProtocol.ICMP && p.family === "ipv6")
		throw new SpecError("ICMP over IPv6 is icmp6 (ICMPv6)", 1);
	if (protocol === ipProtocol.ICMPV6 && p.family !== "ipv6")
		throw new SpecError("icmp6 needs IPv6 addresses (IPv4 has icmp)", 1);
	const type = f.icmpType ?? defaultEchoType(p);
	const isIcmp = protocol === ipProtocol.ICMP || protocol === ipProtocol.ICMPV6;
	const payload = f.payload ?? defaultPayload(p, isIcmp, type);
	p.length = f.length ?? ipHeaderLength(p) + headerLength(f) + payload;
	addL4(p, f, src, dst, column);
	if (f.in === undefined && !f.local) {
		throw new SpecError(
			"say where the packet comes from: 'in DEV' or 'local'",
			0,
		);
	}
	if (f.in !== undefined && f.local) {
		throw new SpecError("'in DEV' and 'local' exclude each other", 0);
	}
	const meta: Mutable<PacketMeta> = {
		inInterface: f.in ?? "",
		mark: f.mark ?? 0,
		time: f.time ?? 0,
		linkType: linkTypeOf(
			f.mac === undefined ? undefined : linkHeader(f.mac, p.family),
		),
	};
	const devices: Mutable<LogDevices> = { in: f.in ?? "", out: "" };
	if (f.out !== undefined) meta.outInterface = devices.out = f.out;
	if (f.physIn !== undefined) meta.physIn = devices.physIn = f.physIn;
	if (f.physOut !== undefined) meta.physOut = devices.physOut = f.physOut;
	if (f.mac !== undefined) meta.mac = linkHeader(f.mac, p.family);
	if (f.uid !== undefined) meta.uid = f.uid;
	if (f.gid !== undefined || f.uid !== undefined)
		meta.gid = f.gid ?? f.uid ?? 0;
	return { ok: true, input: { packet: p, meta }, devices };
}

/**
 * `mac` takes the whole link-layer header as LOG prints it, or just the
 * sender's MAC; then the destination is unknown and shown as zeros.
 */
function linkHeader(mac: string, family: Packet["family"]): string {
	const lower = mac.toLowerCase();
	const type = family === "ipv6" ? "86:dd" : "08:00";
	return lower.length === 17 ? `00:00:00:00:00:00:${lower}:${type}` : lower;
}

function linkTypeOf(
	mac: string | undefined,
): "host" | "broadcast" | "multicast" {
	if (mac === undefined) return "host";
	const lower = mac.toLowerCase();
	if (lower.startsWith("ff:ff:ff:ff:ff:ff")) return "broadcast";
	return Number.parseInt(lower.slice(0, 2), 16) & 1 ? "multicast" : "host";
}
