/**
 * The IPv6 legs of a packet's path (net/ipv6/ip6_input.c, ip6_output.c):
 * ip6_rcv_core's drops before PREROUTING, input routing (local, multicast
 * groups the device joined, forwarding) and ip6_forward's checks: no
 * fragmentation on the way, a packet too big gets Packet Too Big.
 */
import { route6 } from "../host/host-view6.js";
import type { RouteDecision6 } from "../model/host.js";
import type { Packet6 } from "../model/packet.js";
import { ipv6Class } from "../net/ipv6-text.js";
import { attachReply } from "./attachments.js";
import { icmp6Error, icmp6ErrorSuppressed } from "./reject6.js";
import type { Run } from "./run.js";
import { runHook } from "./stations.js";

/** ip6_rcv_core: what the stack drops before any hook sees the packet. */
export function rcvCoreDrop(
	packet: Packet6,
	device: string,
): string | undefined {
	if (device === "lo") return undefined;
	if (ipv6Class(packet.src) === "multicast") return "multicast source";
	if (
		ipv6Class(packet.src) === "loopback" ||
		ipv6Class(packet.dst) === "loopback"
	)
		return "::1 on a non-loopback device";
	if (packet.dst.startsWith("ff01"))
		return "interface-local multicast from the wire";
	return undefined;
}

function sendError6(
	run: Run,
	packet: Packet6,
	type: number,
	code: number,
	mtu?: number,
): void {
	if (icmp6ErrorSuppressed(packet, type)) return;
	attachReply(
		run,
		icmp6Error(
			packet,
			run.context.host,
			type,
			code,
			mtu === undefined ? {} : { mtu },
		),
		`ICMPv6 ${type}/${code} from the forwarding path`,
	);
}

/** ip6_route_input and what follows it; `deliver` runs INPUT. */
export function routeInput6(
	run: Run,
	packet: Packet6,
	device: string,
	deliver: () => void,
): void {
	const decision = route6(run.context.host.host, packet.dst, device);
	run.step({
		kind: "routing6",
		reason: "input routing decision (IPv6)",
		decision,
		...("device" in decision ? { outInterface: decision.device } : {}),
	});
	switch (decision.kind) {
		case "local":
		case "multicast":
			deliver();
			return;
		case "unicast":
			forward6(run, packet, device, decision);
			return;
		default:
			run.end({
				kind: "dropped",
				by: "routing",
				reason: `no route: ${decision.kind}`,
			});
	}
}

/** ip6_forward: forwarding on, source scope, hop limit, MTU; then FORWARD and POSTROUTING. */
function forward6(
	run: Run,
	packet: Packet6,
	inDevice: string,
	decision: Extract<RouteDecision6, { kind: "unicast" }>,
): void {
	const out = decision.device;
	const drop = (reason: string) =>
		run.end({ kind: "dropped", by: "routing", reason });
	if (!run.context.host.host.settings.ip6Forward) {
		drop("not for this host and IPv6 forwarding is off");
		return;
	}
	if (ipv6Class(packet.src) === "link-local") {
		sendError6(run, packet, 1, 2);
		drop(
			"a link-local source is not forwarded (destination unreachable, beyond scope)",
		);
		return;
	}
	if (packet.ttl <= 1) {
		sendError6(run, packet, 3, 0);
		drop("hop limit exceeded in transit (ICMPv6 time exceeded sent)");
		return;
	}
	const mtu = run.context.host.interface(out)?.mtu;
	if (mtu !== undefined && packet.length > mtu) {
		sendError6(run, packet, 2, 0, mtu);
		drop(
			`larger than the MTU ${mtu} of ${out}: routers do not fragment IPv6 (packet too big sent)`,
		);
		return;
	}
	run.rewrite("hop limit decremented (ip6_forward)", {
		...packet,
		ttl: packet.ttl - 1,
	});
	if (!runHook(run, "FORWARD", { inDevice, outDevice: out })) return;
	if (!runHook(run, "POSTROUTING", { inDevice, outDevice: out })) return;
	run.end({ kind: "forwarded", device: out });
}

/** ip6_route_output: the device a locally generated packet leaves by. */
export function outputRoute6(
	run: Run,
	packet: Packet6,
	reason: string,
): string | undefined {
	const decision = route6(
		run.context.host.host,
		packet.dst,
		undefined,
		run.meta.outInterface,
	);
	run.step({
		kind: "routing6",
		reason,
		decision,
		...("device" in decision ? { outInterface: decision.device } : {}),
	});
	if (decision.kind === "local") return "lo";
	return "device" in decision ? decision.device : undefined;
}
