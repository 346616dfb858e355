/**
 * Reading a packet's IPv6 extension-header chain the way the kernel's
 * helpers do: ipv6_find_hdr (the first header of a type) and the walk of
 * ip6t_ipv6header. A packet that is not IPv6 has no chain.
 */
import type { Ipv6ExtHeader, Packet } from "../model/packet.js";

/** ipv6_find_hdr(target): the first header of that kind, if the packet has one. */
export function findExtHeader<K extends Ipv6ExtHeader["kind"]>(
	packet: Packet,
	kind: K,
): Extract<Ipv6ExtHeader, { kind: K }> | undefined {
	if (packet.family !== "ipv6") return undefined;
	return packet.extHeaders.find(
		(h): h is Extract<Ipv6ExtHeader, { kind: K }> => h.kind === kind,
	);
}

/** The length in bytes of a hop-by-hop or destination options header. */
export const optionsLength = (header: { readonly length?: number }): number =>
	header.length ?? 8;
