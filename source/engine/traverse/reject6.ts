/**
 * The IPv6 packets the kernel sends back on its own (icmp6_send in
 * net/ipv6/icmp.c, nf_reject_ipv6.c): REJECT's ICMPv6 errors and reset, and
 * the forwarding path's errors (hop limit exceeded, packet too big).
 */
import type { HostView } from "../host/host-view.js";
import { localOwner6, route6, selectSource6 } from "../host/host-view6.js";
import { ipProtocol, type Packet6 } from "../model/packet.js";
import { ipv6Class } from "../net/ipv6-text.js";

/** `--reject-with` names for ip6tables (libip6t_REJECT.c) and their ICMPv6 code. */
export const icmp6RejectCodes: Readonly<Record<string, number>> = {
	"icmp6-no-route": 0,
	"icmp6-adm-prohibited": 1,
	"icmp6-addr-unreachable": 3,
	"icmp6-port-unreachable": 4,
	"icmp6-policy-fail": 5,
	"icmp6-reject-route": 6,
};

/** The most of the offending packet an error quotes (IPV6_MIN_MTU minus headers). */
const quotedMax = 1280 - 48;

/** Why icmp6_send sends nothing for this packet, if so. */
export function icmp6ErrorSuppressed(
	packet: Packet6,
	type: number,
): string | undefined {
	if (ipv6Class(packet.dst) === "multicast" && type !== 2)
		return "not sent for a multicast destination";
	const src = ipv6Class(packet.src);
	if (src === "unspecified" || src === "multicast")
		return "not sent to an unspecified or multicast source";
	if (
		packet.protocol === ipProtocol.ICMPV6 &&
		packet.icmp &&
		(packet.icmp.type < 128 || packet.icmp.type === 137)
	)
		return "not sent in answer to an ICMPv6 error or redirect";
	if (packet.fragmentOffset > 0) return "not sent for a non-first fragment";
	return undefined;
}

/** icmp6_send's source: the offending destination when it is ours, else the route back's source. */
function errorSource(packet: Packet6, host: HostView): string {
	if (localOwner6(host.host, packet.dst)) return packet.dst;
	const back = route6(host.host, packet.src);
	if (back.kind === "local") return packet.src;
	if (back.kind !== "unicast") return packet.dst;
	return selectSource6(host.host, back.device, back.nextHop) ?? packet.dst;
}

export function icmp6Error(
	packet: Packet6,
	host: HostView,
	type: number,
	code: number,
	extra: { mtu?: number } = {},
): Packet6 {
	return {
		family: "ipv6",
		src: errorSource(packet, host),
		dst: packet.src,
		protocol: ipProtocol.ICMPV6,
		length: 48 + Math.min(packet.length, quotedMax),
		tos: 0,
		ttl: 64,
		flowLabel: 0,
		extHeaders: [],
		id: 0,
		ce: false,
		df: false,
		mf: false,
		fragmentOffset: 0,
		icmp: {
			type,
			code,
			inner: packet,
			...(extra.mtu === undefined ? {} : { mtu: extra.mtu }),
		},
	};
}
