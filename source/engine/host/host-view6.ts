/**
 * IPv6 routing and local delivery for a host (net/ipv6/route.c, addrconf.c,
 * mcast.c): the local table the kernel builds from the interfaces' addresses
 * (each address, its subnet-router anycast when forwarding, the multicast
 * groups every interface joins), then the main table by longest prefix and
 * metric. Link-local destinations are scoped to their interface.
 */
import type { Host, HostInterface, RouteDecision6 } from "../model/host.js";
import type { Ipv6Text } from "../model/packet.js";
import { ipv6Class, ipv6SamePrefix, solicitedNode } from "../net/ipv6-text.js";

const loopback = "0000:0000:0000:0000:0000:0000:0000:0001";
const allNodes = [
	"ff01:0000:0000:0000:0000:0000:0000:0001",
	"ff02:0000:0000:0000:0000:0000:0000:0001",
];
const allRouters = [
	"ff01:0000:0000:0000:0000:0000:0000:0002",
	"ff02:0000:0000:0000:0000:0000:0000:0002",
	"ff05:0000:0000:0000:0000:0000:0000:0002",
];

/** Multicast groups an interface is a member of (ipv6_dev_mc_inc calls of addrconf). */
export function joinedGroups(
	iface: HostInterface,
	forwarding: boolean,
): Set<Ipv6Text> {
	const groups = new Set<Ipv6Text>(allNodes);
	if (forwarding) for (const g of allRouters) groups.add(g);
	for (const a of iface.addresses6 ?? []) groups.add(solicitedNode(a.address));
	return groups;
}

/** The subnet-router anycast address of a prefix (the prefix, host part zero). */
function subnetAnycast(address: Ipv6Text, prefixLength: number): Ipv6Text {
	const groups = address.split(":");
	let bits = prefixLength;
	return groups
		.map((g) => {
			const keep = Math.max(0, Math.min(16, bits));
			bits -= 16;
			const value = Number.parseInt(g, 16) & ((0xffff << (16 - keep)) & 0xffff);
			return value.toString(16).padStart(4, "0");
		})
		.join(":");
}

/** The interface owning `address` in the local table (with anycast when forwarding). */
export function localOwner6(
	host: Host,
	address: Ipv6Text,
	device?: string,
): HostInterface | undefined {
	const forwarding = host.settings.ip6Forward;
	for (const iface of host.interfaces) {
		if (
			device !== undefined &&
			ipv6Class(address) === "link-local" &&
			iface.name !== device
		)
			continue;
		for (const a of iface.addresses6 ?? []) {
			if (a.address === address) return iface;
			if (
				forwarding &&
				a.prefixLength < 127 &&
				a.scope === "global" &&
				subnetAnycast(a.address, a.prefixLength) === address
			)
				return iface;
		}
	}
	if (address === loopback)
		return host.interfaces.find((i) => i.linkType === "loopback");
	return undefined;
}

/** ip6_route_input / ip6_route_output: where a packet to `destination` goes. */
export function route6(
	host: Host,
	destination: Ipv6Text,
	inDevice?: string,
	outDevice?: string,
): RouteDecision6 {
	const type = ipv6Class(destination);
	if (type === "multicast") {
		const device = inDevice ?? outDevice ?? "";
		const iface = host.interfaces.find((i) => i.name === device);
		if (
			inDevice === undefined ||
			(iface && joinedGroups(iface, host.settings.ip6Forward).has(destination))
		)
			return {
				kind: "multicast",
				device,
				why: `${device} is a member of the group`,
			};
		return { kind: "unreachable" };
	}
	const owner = localOwner6(
		host,
		destination,
		type === "link-local" ? (inDevice ?? outDevice) : undefined,
	);
	if (owner)
		return {
			kind: "local",
			device: owner.name,
			why: `an address of ${owner.name}`,
		};
	let best: NonNullable<Host["routes6"]>[number] | undefined;
	for (const route of host.routes6 ?? []) {
		if (!ipv6SamePrefix(route.destination, destination, route.prefixLength))
			continue;
		if (
			type === "link-local" &&
			(inDevice ?? outDevice) !== undefined &&
			route.device !== (inDevice ?? outDevice) &&
			inDevice === undefined
		)
			continue;
		if (
			!best ||
			route.prefixLength > best.prefixLength ||
			(route.prefixLength === best.prefixLength && route.metric < best.metric)
		)
			best = route;
	}
	if (!best) return { kind: "unreachable" };
	if (best.type === "local")
		return { kind: "local", device: best.device ?? "lo", why: "a local route" };
	if (best.type !== "unicast") return { kind: best.type, route: best };
	return {
		kind: "unicast",
		device: best.device ?? "",
		nextHop: best.gateway ?? destination,
		route: best,
	};
}

/**
 * The source address a socket (and MASQUERADE) picks on `device` toward
 * `destination` (ipv6_dev_get_saddr, simplified to its main rules): same
 * scope as the destination first, then the longest common prefix.
 */
export function selectSource6(
	host: Host,
	device: string,
	destination: Ipv6Text,
): Ipv6Text | undefined {
	const iface = host.interfaces.find((i) => i.name === device);
	const candidates = iface?.addresses6 ?? [];
	const wantLink = ipv6Class(destination) === "link-local";
	const scoped = candidates.filter((a) => (a.scope === "link") === wantLink);
	const pool = scoped.length > 0 ? scoped : candidates;
	let best: Ipv6Text | undefined;
	let bestLength = -1;
	for (const a of pool) {
		let length = 0;
		while (length < 128 && ipv6SamePrefix(a.address, destination, length + 1))
			length++;
		if (length > bestLength) {
			best = a.address;
			bestLength = length;
		}
	}
	return best;
}

/**
 * `-m addrtype` on an IPv6 address (match_type6 in xt_addrtype.c): MULTICAST,
 * UNICAST and UNSPEC are address classes every requested one must hold;
 * LOCAL, ANYCAST and UNREACHABLE come from a route lookup, any one will do.
 */
export function addrtype6(
	host: Host,
	address: Ipv6Text,
	types: readonly string[],
	device: string | undefined,
): boolean {
	const kind = ipv6Class(address);
	if (types.includes("MULTICAST") && kind !== "multicast") return false;
	if (
		types.includes("UNICAST") &&
		(kind === "multicast" || kind === "unspecified")
	)
		return false;
	if (types.includes("UNSPEC") && kind !== "unspecified") return false;
	const looked = types.filter(
		(t) => t === "LOCAL" || t === "ANYCAST" || t === "UNREACHABLE",
	);
	if (looked.length === 0) return true;
	const decision = route6(host, address, undefined, device);
	const local = localOwner6(host, address, device) !== undefined;
	return looked.some((t) =>
		t === "LOCAL"
			? local
			: t === "UNREACHABLE"
				? decision.kind === "unreachable" ||
					decision.kind === "prohibit" ||
					decision.kind === "blackhole"
				: false,
	);
}

/**
 * The reverse-path lookup of ip6t_rpfilter: the route back to `source`
 * (recorded: strict mode does not fall back to a shorter prefix through the
 * input device), which must leave by `device` when one is given; a
 * link-local source is looked up on that device's link.
 */
export function reverseRoute6(
	host: Host,
	source: Ipv6Text,
	device: string | undefined,
): "local" | "via" | "none" {
	// A link-local source is looked up on the input device's link.
	const scoped = ipv6Class(source) === "link-local" ? device : undefined;
	const decision = route6(host, source, undefined, scoped);
	if (decision.kind === "local") return "local";
	if (decision.kind !== "unicast") return "none";
	return device === undefined || decision.device === device ? "via" : "none";
}
