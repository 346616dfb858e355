/**
 * ip_forward() for IPv4: the link-layer and TTL checks, the MTU check with DF,
 * the TTL decrement, an ICMP redirect when the packet leaves by the device it
 * came in on, then FORWARD and POSTROUTING; the ICMP errors it sends.
 */
import type { RouteDecision } from "../model/host.js";
import type { Packet4 } from "../model/packet.js";
import { attachReply } from "./attachments.js";
import {
	redirectGateway,
	redirectHostCode,
	redirectType,
} from "./icmp-redirect.js";
import { icmpError, icmpErrorSuppressed } from "./reject.js";
import { flowOf } from "./route-flow.js";
import type { Run } from "./run.js";
import { runHook } from "./stations.js";

/** ip_forward(): TTL and MTU checks, TTL decrement, then FORWARD and POSTROUTING. */
export function forward(
	run: Run,
	inDevice: string,
	decision: Extract<RouteDecision, { kind: "unicast" }>,
): void {
	const out = decision.device;
	// ip_forward: only frames addressed to this host at the link layer are
	// forwarded (skb->pkt_type == PACKET_HOST); found by the fuzzer (seed 12).
	const linkType = run.meta.linkType;
	if (linkType !== undefined && linkType !== "host") {
		run.end({
			kind: "dropped",
			by: "routing",
			reason: `not forwarded: the frame was ${linkType} at the link layer, not addressed to this host`,
		});
		return;
	}
	const packet = run.packet as Packet4;
	if (packet.ttl <= 1) {
		sendError(run, 11, 0);
		run.end({
			kind: "dropped",
			by: "ttl",
			reason: "TTL expired in transit (ICMP time exceeded sent)",
		});
		return;
	}
	const mtu = run.context.host.interface(out)?.mtu;
	if (mtu !== undefined && run.packet.df && run.packet.length > mtu) {
		sendError(run, 3, 4, { mtu });
		run.end({
			kind: "dropped",
			by: "routing",
			reason: `larger than the MTU ${mtu} of ${out} with DF set (fragmentation needed sent)`,
		});
		return;
	}
	run.rewrite("TTL decremented (ip_forward)", {
		...run.packet,
		ttl: run.packet.ttl - 1,
	});
	const back = run.context.host.route(packet.src, flowOf(run));
	const gateway = redirectGateway(
		run.packet as Packet4,
		inDevice,
		decision,
		back,
	);
	if (gateway !== undefined)
		sendError(run, redirectType, redirectHostCode, { gateway });
	if (!runHook(run, "FORWARD", { inDevice, outDevice: out })) return;
	if (!runHook(run, "POSTROUTING", { inDevice, outDevice: out })) return;
	run.end({ kind: "forwarded", device: out });
}

function sendError(
	run: Run,
	type: number,
	code: number,
	extra: { mtu?: number; gateway?: number } = {},
): void {
	const packet = run.packet as Packet4;
	if (icmpErrorSuppressed(packet, run.context.host)) return;
	attachReply(
		run,
		icmpError(packet, run.context.host, type, code, extra),
		`ICMP ${type}/${code} from the forwarding path`,
	);
}
