/**
 * NAT on a connection: choosing the new tuple when a NAT target fires
 * (nf_nat_setup_info, get_unique_tuple) and rewriting each packet of the
 * connection afterwards (nf_nat_packet, nf_nat_icmp_reply_translation).
 */
import { ipProtocol, type Packet, withAddress } from "../model/packet.js";
import { compareAddress, type IpAddress } from "../net/address.js";
import type { NatRange } from "../target/types.js";
import { jhash2, networkOrderWord } from "./jhash.js";
import type { ConntrackDraft } from "./table.js";
import { invertTuple } from "./tuple.js";
import {
	type ConntrackEntry,
	type CtInfo,
	ctStatus,
	type Tuple,
} from "./types.js";
import type { CtZone } from "./zone.js";

export type Manip = "src" | "dst";

/** Protocols whose NAT maps ports. */
export const hasPorts = (protocol: number): boolean =>
	protocol === ipProtocol.TCP ||
	protocol === ipProtocol.UDP ||
	protocol === ipProtocol.UDPLITE ||
	protocol === ipProtocol.SCTP ||
	protocol === ipProtocol.DCCP;

const doneBit = (manip: Manip): number =>
	manip === "src" ? ctStatus.SRC_NAT_DONE : ctStatus.DST_NAT_DONE;

export function natInitialized(entry: ConntrackEntry, manip: Manip): boolean {
	return (entry.status & doneBit(manip)) !== 0;
}

/** The packet's current view of the original tuple (curr_tuple: inverse of the reply tuple). */
function currentTuple(entry: ConntrackEntry): Tuple {
	return invertTuple(entry.reply) ?? entry.original;
}

function inRange(tuple: Tuple, manip: Manip, range: NatRange): boolean {
	const address = manip === "src" ? tuple.src : tuple.dst;
	if (range.minAddress !== undefined && range.maxAddress !== undefined) {
		if (
			compareAddress(address, range.minAddress) < 0 ||
			compareAddress(address, range.maxAddress) > 0
		)
			return false;
	}
	return portInRange(tuple, manip, range);
}

/** The tuple's port on the `manip` side is within the range's ports (if it has any). */
function portInRange(tuple: Tuple, manip: Manip, range: NatRange): boolean {
	if (range.minPort === undefined || range.maxPort === undefined) return true;
	const port = manip === "src" ? tuple.sport : tuple.dport;
	return !(port < range.minPort || port > range.maxPort);
}

function withManip(
	tuple: Tuple,
	manip: Manip,
	address: IpAddress,
	port?: number,
): Tuple {
	if (manip === "src") {
		return {
			...tuple,
			src: address,
			...(port === undefined ? {} : { sport: port }),
		};
	}
	return {
		...tuple,
		dst: address,
		...(port === undefined ? {} : { dport: port }),
	};
}

/** An address as the four 32-bit words of nf_inet_addr, host order (IPv4: one word, then zeros). */
function addressWords(address: IpAddress): number[] {
	if (typeof address === "number") return [address >>> 0, 0, 0, 0];
	const groups = address.split(":").map((g) => Number.parseInt(g, 16));
	return [0, 2, 4, 6].map(
		(i) => (((groups[i] ?? 0) << 16) | (groups[i + 1] ?? 0)) >>> 0,
	);
}

function wordsAddress(words: readonly number[], like: IpAddress): IpAddress {
	if (typeof like === "number") return (words[0] ?? 0) >>> 0;
	return words
		.flatMap((w) => [w >>> 16, w & 0xffff])
		.map((g) => g.toString(16).padStart(4, "0"))
		.join(":");
}

/** reciprocal_scale() in exact 64-bit arithmetic. */
function scale(hash: number, range: number): number {
	return Number((BigInt(hash) * BigInt(range >>> 0)) >> 32n);
}

/**
 * find_best_ips_proto(): jhash2 of the source address (initval the last
 * word of the destination, 0 with --persistent) picks the address inside
 * the range, word by word: while the words chosen so far equal the range's
 * maximum the next word stays within the range, after that it takes any
 * value; each word's hash is then mixed with that word of the tuple's
 * destination, which for DNAT is already the word just chosen (the loop
 * writes the tuple it reads; recorded). Words are read as the kernel reads
 * nf_inet_addr (network order on a little-endian CPU). The choice is
 * deterministic: no random seed is involved.
 */
function bestAddress(tuple: Tuple, manip: Manip, range: NatRange): IpAddress {
	const min = range.minAddress ?? 0;
	const max = range.maxAddress ?? min;
	if (min === max || typeof min !== typeof tuple.src) return min;
	const last = typeof min === "number" ? 0 : 3;
	const src = addressWords(tuple.src).map(networkOrderWord);
	const dst = addressWords(tuple.dst).map(networkOrderWord);
	const minWords = addressWords(min);
	const maxWords = addressWords(max);
	let hash = jhash2(src, range.persistent ? 0 : (dst[last] ?? 0));
	let fullRange = false;
	const chosen: number[] = [];
	for (let i = 0; i <= last; i++) {
		const low = fullRange ? 0 : (minWords[i] ?? 0);
		const dist = fullRange ? 0xffffffff : ((maxWords[i] ?? 0) - low + 1) >>> 0;
		const word = (low + scale(hash, dist)) >>> 0;
		chosen.push(word);
		if (manip === "dst") dst[i] = networkOrderWord(word);
		if (word !== maxWords[i]) fullRange = true;
		if (!range.persistent) hash = (hash ^ (dst[i] ?? 0)) >>> 0;
	}
	return wordsAddress(chosen, min);
}

/** nf_nat_used_tuple: some connection in the asking connection's zone already answers to this tuple. */
const used = (
	draft: ConntrackDraft,
	zone: CtZone,
	tuple: Tuple,
	now: number,
): boolean => {
	const reply = invertTuple(tuple);
	return reply ? draft.taken(reply, now, zone) : false;
};

/** nf_nat_l4proto_unique_tuple(): walk the port range for a free tuple. */
function uniquePort(
	draft: ConntrackDraft,
	zone: CtZone,
	tuple: Tuple,
	manip: Manip,
	range: NatRange,
	now: number,
	random: () => number,
): Tuple {
	if (
		!hasPorts(tuple.protocol) &&
		tuple.protocol !== ipProtocol.ICMP &&
		tuple.protocol !== ipProtocol.ICMPV6
	) {
		return tuple;
	}
	const current = manip === "src" ? tuple.sport : tuple.dport;
	let min: number;
	let size: number;
	if (range.minPort === undefined || range.maxPort === undefined) {
		if (manip === "dst") return tuple;
		if (current < 512) {
			min = 1;
			size = 511;
		} else if (current < 1024) {
			min = 600;
			size = 424;
		} else {
			min = 1024;
			size = 64512;
		}
	} else {
		min = Math.min(range.minPort, range.maxPort);
		size = Math.abs(range.maxPort - range.minPort) + 1;
	}
	let offset: number;
	if (range.basePort !== undefined) offset = current - range.basePort;
	else if (range.random || range.randomFully || manip !== "dst") {
		offset = Math.floor(random() * 65536);
	} else offset = 0;
	const attempts = Math.min(size, 128);
	let candidate = tuple;
	for (let i = 0; i < attempts; i++) {
		const port = min + ((((offset + i) % size) + size) % size);
		candidate =
			manip === "src" ? { ...tuple, sport: port } : { ...tuple, dport: port };
		if (!used(draft, zone, candidate, now)) return candidate;
	}
	return candidate;
}

/** get_unique_tuple(): the tuple the connection will have after this NAT. */
function uniqueTuple(
	draft: ConntrackDraft,
	zone: CtZone,
	original: Tuple,
	manip: Manip,
	range: NatRange,
	now: number,
	random: () => number,
): Tuple {
	const randomAll = range.random || range.randomFully;
	if (manip === "src" && !randomAll && inRange(original, manip, range)) {
		if (!used(draft, zone, original, now)) return original;
	}
	let tuple = original;
	if (range.minAddress !== undefined) {
		tuple = withManip(tuple, manip, bestAddress(tuple, manip, range));
	}
	if (!randomAll) {
		if (range.minPort !== undefined && range.maxPort !== undefined) {
			if (range.basePort === undefined && portInRange(tuple, manip, range)) {
				if (range.minPort === range.maxPort || !used(draft, zone, tuple, now)) {
					return tuple;
				}
			}
		} else if (!used(draft, zone, tuple, now)) {
			return tuple;
		}
	}
	return uniquePort(draft, zone, tuple, manip, range, now, random);
}

/** nf_nat_setup_info(): bind the connection's `manip` side and mark it done. */
export function setupNat(
	draft: ConntrackDraft,
	entry: ConntrackEntry,
	manip: Manip,
	range: NatRange,
	now: number,
	random: () => number,
): ConntrackEntry {
	const current = currentTuple(entry);
	const next = uniqueTuple(draft, entry, current, manip, range, now, random);
	const reply = invertTuple(next) ?? entry.reply;
	const changed =
		next.src !== current.src ||
		next.dst !== current.dst ||
		next.sport !== current.sport ||
		next.dport !== current.dport;
	let status = entry.status | doneBit(manip);
	if (changed) status |= manip === "src" ? ctStatus.SRC_NAT : ctStatus.DST_NAT;
	return { ...entry, reply, status };
}

/** nf_nat_alloc_null_binding(): no NAT rule fired, so the side keeps its address. */
export function nullBinding(
	draft: ConntrackDraft,
	entry: ConntrackEntry,
	manip: Manip,
	now: number,
	random: () => number,
): ConntrackEntry {
	const address = manip === "src" ? entry.reply.dst : entry.reply.src;
	return setupNat(
		draft,
		entry,
		manip,
		{
			minAddress: address,
			maxAddress: address,
			random: false,
			randomFully: false,
			persistent: false,
		},
		now,
		random,
	);
}

const replyInfo = (info: CtInfo): boolean =>
	info === "ESTABLISHED_REPLY" || info === "RELATED_REPLY";

function statusBitFor(manip: Manip, info: CtInfo): number {
	const bit = manip === "src" ? ctStatus.SRC_NAT : ctStatus.DST_NAT;
	if (!replyInfo(info)) return bit;
	return bit === ctStatus.SRC_NAT ? ctStatus.DST_NAT : ctStatus.SRC_NAT;
}

/** Rewrites one side of a packet to the given tuple's side (nf_nat_ipv4_manip_pkt). */
export function manipPacket(
	packet: Packet,
	target: Tuple,
	manip: Manip,
): Packet {
	const ports = hasPorts(packet.protocol);
	const icmp =
		packet.protocol === ipProtocol.ICMP ||
		packet.protocol === ipProtocol.ICMPV6;
	if (manip === "src") {
		return {
			...withAddress(packet, "src", target.src),
			...(ports ? { sport: target.sport } : {}),
			...(icmp && packet.icmp?.id !== undefined
				? { icmp: { ...packet.icmp, id: target.sport } }
				: {}),
		};
	}
	return {
		...withAddress(packet, "dst", target.dst),
		...(ports ? { dport: target.dport } : {}),
	};
}

/** nf_nat_packet(): the automatic rewrite of a packet of a NATed connection at a hook. */
export function natPacket(
	packet: Packet,
	entry: ConntrackEntry,
	info: CtInfo,
	manip: Manip,
): Packet {
	if (!(entry.status & statusBitFor(manip, info))) return packet;
	const other = replyInfo(info) ? entry.original : entry.reply;
	const target = invertTuple(other);
	return target ? manipPacket(packet, target, manip) : packet;
}

/** nf_nat_icmp_reply_translation(): an ICMP error about a NATed connection, outer and quoted packet. */
export function natIcmpError(
	packet: Packet,
	entry: ConntrackEntry,
	info: CtInfo,
	manip: Manip,
): Packet {
	if (!(entry.status & statusBitFor(manip, info))) return packet;
	const icmp = packet.icmp;
	if (!icmp?.inner) return packet;
	const other = replyInfo(info) ? entry.original : entry.reply;
	const inner = manipPacket(icmp.inner, other, manip === "src" ? "dst" : "src");
	const target = invertTuple(other);
	if (!target) return packet;
	const outer =
		manip === "src"
			? withAddress(packet, "src", target.src)
			: withAddress(packet, "dst", target.dst);
	return { ...outer, icmp: { ...icmp, inner } };
}
