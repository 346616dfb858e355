/**
 * IPv6 extension headers as nft reads them (nft_exthdr_ipv6_eval,
 * ipv6_find_hdr): `exthdr hbh exists`, `rt type 0`, `frag more-fragments 1`,
 * `hbh nexthdr udp`. A header the packet lacks reads 0 for a presence test
 * and breaks the rule for a field. `ip6 nexthdr` is the base header's own
 * next-header field: the first extension header when there is one.
 */
import type { Ipv6ExtHeader, Packet } from "../model/packet.js";
import { isIpv6 } from "../model/packet.js";

/** The next-header code of each extension header kind (IPPROTO_*). */
export const extHeaderCodes: Readonly<Record<Ipv6ExtHeader["kind"], number>> = {
	hbh: 0,
	rt: 43,
	frag: 44,
	dst: 60,
	mh: 135,
	ah: 51,
};

const headerNames = new Set(["hbh", "rt", "frag", "dst", "mh"]);
const routingFields = new Set(["nexthdr", "hdrlength", "type", "seg-left"]);

/** The header and field a selector names, in either nft spelling (text or JSON). */
export function exthdrRef(
	name: string,
	args: readonly string[],
): { header: string; field?: string } | undefined {
	if (name === "exthdr") {
		const named = Object.fromEntries(
			args.filter((a) => a.includes(" ")).map((a) => a.split(" ", 2)),
		);
		const header = named["name"] ?? args[0];
		const field = named["field"] ?? (named["name"] ? undefined : args[1]);
		if (!header || !headerNames.has(header)) return undefined;
		return field === undefined ? { header } : { header, field };
	}
	if (!headerNames.has(name)) return undefined;
	const field = args[0];
	// `rt mtu`, `rt classid`: the routing key (nft_rt), not the routing header.
	if (name === "rt" && !routingFields.has(field ?? "")) return undefined;
	return field === undefined ? { header: name } : { header: name, field };
}

function fieldOf(
	header: Ipv6ExtHeader,
	next: number,
	field: string,
): number | undefined {
	if (field === "nexthdr") return next;
	if (header.kind === "rt") {
		if (field === "type") return header.type;
		if (field === "seg-left") return header.segmentsLeft;
		if (field === "hdrlength")
			return header.length === undefined ? undefined : header.length / 8 - 1;
	}
	if (header.kind === "frag") {
		if (field === "more-fragments") return header.more ? 1 : 0;
		if (field === "frag-off") return header.offset;
		if (field === "id") return header.id;
		if (field === "reserved" || field === "reserved2") return 0;
	}
	if ((header.kind === "hbh" || header.kind === "dst") && field === "hdrlength")
		return header.length === undefined ? 0 : header.length / 8 - 1;
	return undefined;
}

/** The selector's value: 1/0 for presence, a field, or undefined (breaks the rule). */
export function exthdrValue(
	packet: Packet,
	ref: { header: string; field?: string },
): number | undefined {
	if (!isIpv6(packet)) return undefined;
	const headers = packet.extHeaders;
	const index = headers.findIndex((h) => h.kind === ref.header);
	if (ref.field === undefined) return index >= 0 ? 1 : 0;
	const header = headers[index];
	if (!header) return undefined;
	const after = headers[index + 1];
	const next = after ? extHeaderCodes[after.kind] : packet.protocol;
	return fieldOf(header, next, ref.field);
}
