/**
 * The packet's bytes as far as the model knows them, from the start of the IP
 * header: the IPv4 header (checksum computed) or the IPv6 header, the
 * TCP/UDP/ICMP header, then
 * `packet.payload` when given. Bytes the model cannot know (L4 checksums,
 * payload without `payload`) are marked unknown, so `u32` and `string` can
 * say `unknown` instead of guessing.
 */
import {
	type Ipv6ExtHeader,
	isIpv6,
	type Packet,
	type Packet6,
} from "../model/packet.js";
import { ipv6Bytes } from "../net/ipv6-text.js";

export type PacketBytes = {
	readonly bytes: Uint8Array;
	/** known[i] is false for bytes the model does not carry. */
	readonly known: readonly boolean[];
	/** The IP total length (skb->len). */
	readonly length: number;
};

function hexBytes(hex: string | undefined): number[] {
	return (hex?.match(/../g) ?? []).map((b) => Number.parseInt(b, 16));
}

/**
 * The fixed 40-byte IPv6 header; the bytes after it are known only when
 * the upper-layer header follows at once (no extension headers).
 */
function ipv6Header(packet: Packet6): number[] {
	const first =
		(0x6 << 28) | ((packet.tos & 0xff) << 20) | (packet.flowLabel & 0xfffff);
	const payload = packet.length - 40;
	const next =
		packet.extHeaders.length > 0
			? extHeaderNumber[packet.extHeaders[0]?.kind ?? "dst"]
			: packet.protocol;
	return [
		first >>> 24,
		(first >>> 16) & 255,
		(first >>> 8) & 255,
		first & 255,
		(payload >>> 8) & 255,
		payload & 255,
		next & 255,
		packet.ttl & 255,
		...ipv6Bytes(packet.src),
		...ipv6Bytes(packet.dst),
	];
}

const extHeaderNumber: Readonly<Record<Ipv6ExtHeader["kind"], number>> = {
	hbh: 0,
	rt: 43,
	frag: 44,
	dst: 60,
	ah: 51,
	mh: 135,
};

function ipHeader(packet: Packet): number[] {
	if (isIpv6(packet)) return ipv6Header(packet);
	const options = hexBytes(packet.ipOptions);
	while (options.length % 4 !== 0) options.push(0);
	const ihl = 5 + options.length / 4;
	const flags =
		(packet.ce ? 0x8000 : 0) |
		(packet.df ? 0x4000 : 0) |
		(packet.mf ? 0x2000 : 0) |
		(packet.fragmentOffset & 0x1fff);
	const word = (n: number) => [(n >>> 8) & 255, n & 255];
	const quad = (n: number) => [
		n >>> 24,
		(n >>> 16) & 255,
		(n >>> 8) & 255,
		n & 255,
	];
	const header = [
		0x40 | ihl,
		packet.tos & 255,
		...word(packet.length),
		...word(packet.id),
		...word(flags),
		packet.ttl & 255,
		packet.protocol & 255,
		0,
		0,
		...quad(packet.src as number),
		...quad(packet.dst as number),
		...options,
	];
	let sum = 0;
	for (let i = 0; i < header.length; i += 2)
		sum += ((header[i] ?? 0) << 8) | (header[i + 1] ?? 0);
	while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
	const checksum = ~sum & 0xffff;
	header[10] = checksum >>> 8;
	header[11] = checksum & 255;
	return header;
}

/** L4 header bytes and the offsets in it the model does not know. */
function transportHeader(
	packet: Packet,
): { bytes: number[]; unknown: number[] } | undefined {
	if (packet.fragmentOffset !== 0) return undefined;
	const word = (n: number) => [(n >>> 8) & 255, n & 255];
	const quad = (n: number) => [
		n >>> 24,
		(n >>> 16) & 255,
		(n >>> 8) & 255,
		n & 255,
	];
	if (packet.tcp && packet.sport !== undefined && packet.dport !== undefined) {
		const { tcp } = packet;
		const offsetKnown = tcp.options !== undefined || packet.length <= 40;
		const options = hexBytes(tcp.options);
		while (options.length % 4 !== 0) options.push(0);
		const offset = 5 + options.length / 4;
		const flagsWord =
			(offset << 12) | ((tcp.flags & 0x100) << 0) | (tcp.flags & 0xff);
		return {
			bytes: [
				...word(packet.sport),
				...word(packet.dport),
				...quad(tcp.seq),
				...quad(tcp.ack),
				...word(flagsWord),
				...word(tcp.window),
				0,
				0,
				...word(tcp.urgp),
				...options,
			],
			unknown: offsetKnown ? [16, 17] : [12, 16, 17],
		};
	}
	if (packet.udp && packet.sport !== undefined && packet.dport !== undefined)
		return {
			bytes: [
				...word(packet.sport),
				...word(packet.dport),
				...word(packet.udp.length),
				0,
				0,
			],
			unknown: [6, 7],
		};
	if (packet.icmp) {
		const { icmp } = packet;
		const rest =
			icmp.id !== undefined
				? [...word(icmp.id), ...word(icmp.sequence ?? 0)]
				: icmp.gateway !== undefined
					? quad(icmp.gateway)
					: icmp.mtu !== undefined
						? [0, 0, ...word(icmp.mtu)]
						: icmp.parameter !== undefined
							? [icmp.parameter, 0, 0, 0]
							: [0, 0, 0, 0];
		return { bytes: [icmp.type, icmp.code, 0, 0, ...rest], unknown: [2, 3] };
	}
	return undefined;
}

export function packetBytes(packet: Packet): PacketBytes {
	const ip = ipHeader(packet);
	// Extension headers' bytes are not modelled: what follows them is unknown.
	const l4 =
		isIpv6(packet) && packet.extHeaders.length > 0
			? undefined
			: transportHeader(packet);
	const bytes = [...ip, ...(l4?.bytes ?? [])];
	const known = bytes.map(() => true);
	for (const at of l4?.unknown ?? []) known[ip.length + at] = false;
	// Neighbour discovery's flags and reserved word are not in the model.
	const type = packet.icmp?.type ?? 0;
	if (isIpv6(packet) && l4 !== undefined && type >= 133 && type <= 137)
		for (let at = 4; at < 8; at++) known[ip.length + at] = false;
	const optionsKnown =
		packet.tcp === undefined || packet.tcp.options !== undefined;
	if (l4 !== undefined && packet.payload !== undefined && optionsKnown) {
		for (const b of packet.payload) {
			bytes.push(b);
			known.push(true);
		}
	}
	return { bytes: Uint8Array.from(bytes), known, length: packet.length };
}

/** Big-endian 32-bit word at `at`; `unknown` when any byte is not known. */
export function readWord(view: PacketBytes, at: number): number | "unknown" {
	let value = 0;
	for (let i = 0; i < 4; i++) {
		if (at + i >= view.bytes.length || view.known[at + i] !== true)
			return "unknown";
		value = value * 256 + (view.bytes[at + i] ?? 0);
	}
	return value;
}
