/**
 * The paths a packet takes through the hooks (semantics §1.4, §7): arriving
 * on a device, then bridged (bridge-path.ts), forwarded (forward-path.ts) or
 * delivered locally after the input route; a packet sent by a local process
 * is local-output.ts.
 */
import { isIpv6 } from "../model/packet.js";
import { pickUpAttachment } from "./attachments.js";
import {
	bridgeForward,
	bypassesIptables,
	destinationMac,
	flood,
	isGroupMac,
	learnMac,
	staysOnBridge,
} from "./bridge-path.js";
import { bridgedDnat } from "./bridged-dnat.js";
import { earlyDemux } from "./early-demux.js";
import { forwardOffloaded } from "./flow-offload.js";
import { forward } from "./forward-path.js";
import { rcvCoreDrop, routeInput6 } from "./paths6.js";
import { flowOf } from "./route-flow.js";
import type { Run } from "./run.js";
import { socketReceived } from "./socket-view.js";
import { runHook } from "./stations.js";

/** A packet arriving on `meta.inInterface`. */
export function arrive(run: Run): void {
	const device = run.meta.inInterface;
	const host = run.context.host;
	const onBridge =
		run.meta.physIn !== undefined && host.interface(device)?.bridge === true;
	const bridged =
		onBridge &&
		(isIpv6(run.packet)
			? host.host.settings.bridgeNetfilter6
			: host.host.settings.bridgeNetfilter);
	if (onBridge) learnMac(run, device);
	if (onBridge && !bridged && bypassesIptables(run, device)) return;
	if (run.context.nft && forwardOffloaded(run, device)) return;
	const packet = run.packet;
	const early = isIpv6(packet) ? rcvCoreDrop(packet, device) : undefined;
	if (early) {
		run.end({
			kind: "dropped",
			by: "routing",
			reason: `ip6_rcv_core: ${early}`,
		});
		return;
	}
	if (!pickUpAttachment(run) && device === "lo")
		run.step({
			kind: "note",
			text: "arrived on lo without its connection: conntrack looks it up again",
		});
	const dstBefore = run.packet.dst;
	if (!runHook(run, "PREROUTING", { inDevice: device, outDevice: "" })) return;
	if (bridged && isGroupMac(destinationMac(run.meta.mac))) {
		flood(run, device);
		routeInput(run, device);
		return;
	}
	const next =
		bridged && run.packet.dst !== dstBefore
			? bridgedDnat(run, device)
			: undefined;
	if (next === "dropped") return;
	if (
		next === "bridge" ||
		(next === undefined && bridged && staysOnBridge(run, device, dstBefore))
	) {
		bridgeForward(run, device);
		return;
	}
	routeInput(run, device);
}

function martian(run: Run, device: string): string | undefined {
	const packet = run.packet;
	if (isIpv6(packet)) return undefined;
	const { src, dst } = packet;
	const host = run.context.host;
	if (device === "lo") return undefined;
	const loopbackNet = (address: number) => address >>> 24 === 127;
	if (
		(loopbackNet(src) || loopbackNet(dst)) &&
		!host.host.settings.routeLocalnet
	)
		return "martian: 127.0.0.0/8 on a non-loopback device";
	const srcType = host.addressType(src);
	if (srcType === "MULTICAST" || src === 0xffffffff)
		return "martian source: multicast or broadcast";
	if (srcType === "LOCAL")
		return "martian source: one of this host's own addresses";
	return undefined;
}

/** ip_route_input(): after PREROUTING, the packet is for this host or is forwarded. */
export function routeInput(run: Run, device: string): void {
	const packet = run.packet;
	if (isIpv6(packet)) {
		routeInput6(run, packet, device, () => deliverLocally(run, device));
		return;
	}
	const host = run.context.host;
	const bad = martian(run, device);
	if (bad) {
		run.end({ kind: "dropped", by: "routing", reason: bad });
		return;
	}
	const decision = host.route(packet.dst, flowOf(run, device));
	if (run.recording)
		run.step({
			kind: "routing",
			reason: "input routing decision",
			decision,
			...("device" in decision ? { outInterface: decision.device } : {}),
		});
	switch (decision.kind) {
		case "local":
		case "broadcast":
		case "multicast":
			deliverLocally(run, device);
			return;
		case "unicast":
			if (!host.host.settings.ipForward) {
				run.end({
					kind: "dropped",
					by: "routing",
					reason: "not for this host and net.ipv4.ip_forward is 0",
				});
				return;
			}
			forward(run, device, decision);
			return;
		default:
			run.end({
				kind: "dropped",
				by: "routing",
				reason: `no route: ${decision.kind}`,
			});
	}
}

function deliverLocally(run: Run, device: string): void {
	earlyDemux(run, device);
	if (!runHook(run, "INPUT", { inDevice: device, outDevice: "" })) return;
	socketReceived(run, device);
	run.end({ kind: "delivered", device });
}
