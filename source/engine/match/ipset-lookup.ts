/**
 * Membership tests for ipset types as `ipset save` writes their elements:
 * hash:ip, hash:net, hash:ip,port, hash:net,port, hash:ip,port,ip,
 * hash:ip,port,net, hash:net,net, hash:ip,mark, bitmap:ip, bitmap:port and
 * list:set. The most specific element decides (hash:net `nomatch`).
 */
import type { Packet } from "../model/packet.js";
import type { IpAddress } from "../net/address.js";
import { inIpNetwork, parseIpNetwork } from "../net/ip-network.js";
import { parseIpv4, prefixToMask } from "../net/ipv4.js";
import type { IpSet, IpSetMember } from "./types.js";

export type SetLookup =
	| {
			readonly kind: "hit";
			readonly nomatch: boolean;
			readonly element: string;
	  }
	| { readonly kind: "miss" }
	| { readonly kind: "unknown"; readonly reason: string };

/** Per dimension: which side of the packet to read. */
export type SetSides = readonly ("src" | "dst")[];

type Probe = {
	readonly packet: Packet;
	readonly mark: number;
	readonly sides: SetSides;
};

const protocols: Readonly<Record<string, number>> = {
	tcp: 6,
	udp: 17,
	sctp: 132,
	udplite: 136,
	icmp: 1,
};

function matchAddress(part: string, address: IpAddress): number | undefined {
	const family = typeof address === "number" ? "ipv4" : "ipv6";
	const dash = part.indexOf("-");
	if (dash !== -1 && typeof address === "number") {
		const min = parseIpv4(part.slice(0, dash));
		const max = parseIpv4(part.slice(dash + 1));
		return min !== undefined &&
			max !== undefined &&
			address >= min &&
			address <= max
			? 32
			: undefined;
	}
	const network = parseIpNetwork(part, family);
	if (network === undefined || !inIpNetwork(address, network)) return undefined;
	const slash = part.indexOf("/");
	return slash !== -1
		? Number(part.slice(slash + 1))
		: family === "ipv4"
			? 32
			: 128;
}

function matchPort(part: string, packet: Packet, side: "src" | "dst"): boolean {
	const colon = part.indexOf(":");
	const proto = colon === -1 ? "tcp" : part.slice(0, colon).toLowerCase();
	const text = colon === -1 ? part : part.slice(colon + 1);
	if (proto === "icmp") {
		const [type, code] = text.split("/").map(Number);
		return packet.icmp?.type === type && packet.icmp?.code === code;
	}
	const number = protocols[proto] ?? (/^\d+$/.test(proto) ? Number(proto) : -1);
	if (packet.protocol !== number) return false;
	const port = side === "src" ? packet.sport : packet.dport;
	const [min = -1, max = min] = text.split("-").map(Number);
	return port !== undefined && port >= min && port <= max;
}

/** Specificity of the element for the packet, or undefined when it does not cover it. */
function elementScore(
	dims: readonly string[],
	element: string,
	probe: Probe,
): number | undefined {
	const parts = element.split(",");
	let score = 0;
	for (const [i, dim] of dims.entries()) {
		const part = parts[i] ?? "";
		const side = probe.sides[i] ?? "src";
		const address = side === "src" ? probe.packet.src : probe.packet.dst;
		if (dim === "ip" || dim === "net") {
			const prefix = matchAddress(part, address);
			if (prefix === undefined) return undefined;
			score += prefix;
		} else if (dim === "port") {
			if (!matchPort(part, probe.packet, side)) return undefined;
		} else if (dim === "mark") {
			if (((probe.mark >>> 0) & prefixToMask(32)) !== Number(part))
				return undefined;
		} else return undefined;
	}
	return score;
}

/** Looks the packet up in `set` (list:set members via `sets`). */
export function lookupSet(
	set: IpSet,
	probe: Probe,
	sets: ReadonlyMap<string, IpSet>,
	depth = 0,
): SetLookup {
	const [method = "", dimText = ""] = set.type.split(":");
	if (method === "list") {
		if (depth > 0) return { kind: "unknown", reason: "nested list:set" };
		for (const member of set.members) {
			const inner = sets.get(member.text);
			if (inner === undefined)
				return { kind: "unknown", reason: `set ${member.text} not loaded` };
			const result = lookupSet(inner, probe, sets, depth + 1);
			if (result.kind !== "miss") return result;
		}
		return { kind: "miss" };
	}
	// ip_set_test: a set of the other family never matches.
	if (
		set.family !== undefined &&
		set.family !== (probe.packet.family ?? "ipv4")
	)
		return { kind: "miss" };
	const dims = dimText.split(",");
	if (dims.some((d) => !["ip", "net", "port", "mark"].includes(d)))
		return {
			kind: "unknown",
			reason: `ipset type ${set.type} is not modelled`,
		};
	if (probe.sides.length < dims.length) return { kind: "miss" };
	let best: { score: number; member: IpSetMember } | undefined;
	for (const member of set.members) {
		const score = elementScore(dims, member.text, probe);
		if (score !== undefined && (best === undefined || score > best.score))
			best = { score, member };
	}
	return best === undefined
		? { kind: "miss" }
		: { kind: "hit", nomatch: best.member.nomatch, element: best.member.text };
}
