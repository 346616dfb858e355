/**
 * ICMP redirects (ip_forward → ip_rt_send_redirect): a packet forwarded out
 * of the interface it came in on, from a sender on that link, makes the
 * host tell the sender the better gateway. The redirect leaves before the
 * FORWARD hook, carrying the forwarded packet's conntrack as it is then
 * (nf_ct_attach): PREROUTING's NAT done, POSTROUTING's not yet. At a nat
 * hook, nf_nat_icmp_reply_translation drops a redirect whose connection has
 * not finished NAT setup in both directions, or is NATed at all, so with the
 * nat table in use the first redirect of a flow never reaches filter OUTPUT
 * (recorded: icmp-redirect-nat; without a nat table: icmp-redirect-plain).
 */

import type { ConntrackEntry } from "../conntrack/types.js";
import { ctStatus } from "../conntrack/types.js";
import type { RouteDecision } from "../model/host.js";
import { ipProtocol, type Packet } from "../model/packet.js";

/** ICMP_REDIRECT, ICMP_REDIR_HOST. */
export const redirectType = 5;
export const redirectHostCode = 1;

/**
 * The gateway a redirect names for this forwarded packet, or undefined when
 * the kernel sends none: the route leaves by the input device
 * (RTCF_DOREDIRECT) and the sender is on that link (fib_validate_source;
 * shared_media is on by default, so no on-link test of the gateway).
 */
export function redirectGateway(
	packet: Packet,
	inDevice: string,
	route: Extract<RouteDecision, { kind: "unicast" }>,
	back: RouteDecision,
): number | undefined {
	if (route.device !== inDevice) return undefined;
	if (back.kind !== "unicast" || back.device !== inDevice) return undefined;
	if (back.nextHop !== packet.src) return undefined;
	return route.nextHop;
}

/** nf_nat_icmp_reply_translation: whether a nat hook drops this RELATED redirect. */
export function natDropsRedirect(
	packet: Packet,
	entry: ConntrackEntry,
): boolean {
	if (packet.protocol !== ipProtocol.ICMP) return false;
	if (packet.icmp?.type !== redirectType) return false;
	const done = ctStatus.SRC_NAT_DONE | ctStatus.DST_NAT_DONE;
	const nat = ctStatus.SRC_NAT | ctStatus.DST_NAT;
	return (entry.status & done) !== done || (entry.status & nat) !== 0;
}
