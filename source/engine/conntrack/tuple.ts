/**
 * Tuples as nf_conntrack builds them from a packet, their inversion, and a
 * string key for the table. ICMP keeps the id in `sport` and type/code in
 * `dport`, as the kernel keeps them in the tuple's protocol part.
 */
import { ipProtocol, type Packet } from "../model/packet.js";
import type { Tuple } from "./types.js";

/** ICMP types that have a reply type (icmp invmap). */
const icmpInverse: ReadonlyMap<number, number> = new Map([
	[8, 0],
	[0, 8],
	[13, 14],
	[14, 13],
	[15, 16],
	[16, 15],
	[17, 18],
	[18, 17],
]);

/** ICMPv6 types that have a reply type (icmpv6 invmap: echo, node information). */
const icmp6Inverse: ReadonlyMap<number, number> = new Map([
	[128, 129],
	[129, 128],
	[139, 140],
	[140, 139],
]);

/** ICMPv6 types that may start a connection (icmpv6_new's valid_new). */
export const icmp6StartsConnection = (type: number): boolean =>
	type === 128 || type === 139;

/**
 * ICMPv6 types conntrack never tracks (noct_valid_new in
 * nf_conntrack_proto_icmpv6.c): MLD and neighbour discovery are UNTRACKED.
 */
export const icmp6Untracked: ReadonlySet<number> = new Set([
	130, 131, 132, 133, 134, 135, 136, 143,
]);

/** ICMP types that may start a connection (icmp_new's valid_new). */
export const icmpStartsConnection = (type: number): boolean =>
	type === 8 || type === 13 || type === 15 || type === 17;

export const icmpErrorTypes: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);

export function tupleOf(packet: Packet): Tuple {
	if (
		packet.protocol === ipProtocol.ICMP ||
		packet.protocol === ipProtocol.ICMPV6
	) {
		const type = packet.icmp?.type ?? 0;
		const code = packet.icmp?.code ?? 0;
		return {
			src: packet.src,
			dst: packet.dst,
			protocol: packet.protocol,
			sport: packet.icmp?.id ?? 0,
			dport: (type << 8) | code,
		};
	}
	return {
		src: packet.src,
		dst: packet.dst,
		protocol: packet.protocol,
		sport: packet.sport ?? 0,
		dport: packet.dport ?? 0,
	};
}

/** nf_ct_invert_tuple: swap ends; ICMP maps the type to its reply type. */
export function invertTuple(tuple: Tuple): Tuple | undefined {
	const icmp = tuple.protocol === ipProtocol.ICMP;
	if (icmp || tuple.protocol === ipProtocol.ICMPV6) {
		const inverse = (icmp ? icmpInverse : icmp6Inverse).get(tuple.dport >> 8);
		if (inverse === undefined) return undefined;
		return {
			src: tuple.dst,
			dst: tuple.src,
			protocol: tuple.protocol,
			sport: tuple.sport,
			dport: (inverse << 8) | (tuple.dport & 0xff),
		};
	}
	return {
		src: tuple.dst,
		dst: tuple.src,
		protocol: tuple.protocol,
		sport: tuple.dport,
		dport: tuple.sport,
	};
}

/**
 * The table's key for a tuple. IPv4 tuples (every field a number below
 * 2^32) become seven UTF-16 units, which is much cheaper to build and hash
 * than decimal text; IPv6 addresses are text and keep a readable key (it
 * starts with a character no IPv4 key starts with, so the two never meet).
 * @param dport the destination port keyed (0 leaves it out) @default tuple.dport
 */
export function tupleKey(tuple: Tuple, dport = tuple.dport): string {
	const { src, dst } = tuple;
	if (typeof src === "number" && typeof dst === "number")
		return String.fromCharCode(
			tuple.protocol & 0xff,
			src >>> 16,
			src & 0xffff,
			tuple.sport & 0xffff,
			dst >>> 16,
			dst & 0xffff,
			dport & 0xffff,
		);
	return `v6|${tuple.protocol}|${src}|${tuple.sport}|${dst}|${dport}`;
}

export function tuplesEqual(a: Tuple, b: Tuple): boolean {
	return (
		a.src === b.src &&
		a.dst === b.dst &&
		a.protocol === b.protocol &&
		a.sport === b.sport &&
		a.dport === b.dport
	);
}
