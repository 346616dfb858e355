/**
 * The IP header of a packet written in the short notation, IPv4 or IPv6 by
 * the family of its addresses, with what a Linux sender puts there.
 */
import type { Mutable } from "../lib/mutable.js";
import { ipProtocol, type Packet } from "../model/packet.js";
import { SpecError, type SpecFields } from "./packet-spec-build.js";
import type { SpecEndpoint } from "./spec-endpoint.js";

/**
 * The hop limit a Linux sender uses: 255 for neighbour discovery (RFC 4861:
 * receivers drop ND with any other), 1 for MLD (RFC 2710, link-local), else
 * the default 64.
 */
function defaultHopLimit(f: Partial<SpecFields>): number {
	if (f.protocol !== ipProtocol.ICMPV6 || f.icmpType === undefined) return 64;
	if (f.icmpType >= 133 && f.icmpType <= 137) return 255;
	if ([130, 131, 132, 143].includes(f.icmpType)) return 1;
	return 64;
}

/**
 * The header for `src > dst` (length filled in by the caller). IPv4: TTL 64,
 * DF, ID 1; IPv6: hop limit as `defaultHopLimit`, traffic class 0, flow
 * label 0, no extension headers. Both ends must be of one family.
 */
export function ipHeader(
	f: Partial<SpecFields>,
	src: SpecEndpoint,
	dst: SpecEndpoint,
	column: number,
): Mutable<Packet> {
	const protocol = f.protocol ?? 0;
	if (src.family === "ipv4" && dst.family === "ipv4") {
		if (f.flowLabel !== undefined)
			throw new SpecError("'flow' is an IPv6 field", 1);
		return {
			src: src.address,
			dst: dst.address,
			protocol,
			length: 0,
			tos: f.tos ?? 0,
			ttl: f.ttl ?? 64,
			id: f.ipId ?? 1,
			ce: false,
			df: f.df ?? true,
			mf: f.mf ?? false,
			fragmentOffset: f.fragmentOffset ?? 0,
		};
	}
	if (src.family === "ipv6" && dst.family === "ipv6") {
		if (f.df || f.mf || f.fragmentOffset !== undefined || f.ipId !== undefined)
			throw new SpecError(
				"df, mf, frag and ipid are IPv4 header fields (IPv6 routers never fragment)",
				1,
			);
		return {
			family: "ipv6",
			src: src.address,
			dst: dst.address,
			protocol,
			length: 0,
			tos: f.tos ?? 0,
			ttl: f.ttl ?? defaultHopLimit(f),
			flowLabel: f.flowLabel ?? 0,
			id: 0,
			ce: false,
			df: false,
			mf: false,
			fragmentOffset: 0,
			extHeaders: [],
		};
	}
	throw new SpecError(
		"the source and destination must be of one family (both IPv4 or both IPv6)",
		column,
	);
}
