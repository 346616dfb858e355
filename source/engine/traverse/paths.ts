/**
 * The paths a packet takes through the hooks (semantics §1.4, §7): arriving
 * on a device (routed or bridged), forwarded, delivered locally, or sent by
 * a local process (and looped back through `lo` when it is for this host).
 */
import type { RouteOptions } from "../host/host-view.js";
import { localOwner6, route6 } from "../host/host-view6.js";
import type { Mutable } from "../lib/mutable.js";
import type { RouteDecision } from "../model/host.js";
import { isIpv6, type Packet4 } from "../model/packet.js";
import type { IpAddress } from "../net/address.js";
import {
	attachLoopback,
	attachReply,
	pickUpAttachment,
} from "./attachments.js";
import { fdbKey, neighbourKey } from "./bridge-ports.js";
import { bridgedDnat } from "./bridged-dnat.js";
import { earlyDemux } from "./early-demux.js";
import { forwardOffloaded } from "./flow-offload.js";
import {
	redirectGateway,
	redirectHostCode,
	redirectType,
} from "./icmp-redirect.js";
import {
	entersTimeWait,
	socketKindOf,
	withLocalSocket,
} from "./local-socket.js";
import { outputRoute6, rcvCoreDrop, routeInput6 } from "./paths6.js";
import { icmpError, icmpErrorSuppressed } from "./reject.js";
import type { Run } from "./run.js";
import { socketReceived, socketSent } from "./socket-view.js";
import { runHook } from "./stations.js";

const loopbackMac = "00:00:00:00:00:00:00:00:00:00:00:00:08:00";

function destinationMac(mac: string | undefined): string | undefined {
	return mac && mac.length >= 17 ? mac.slice(0, 17) : undefined;
}

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

const isGroupMac = (mac: string | undefined): boolean =>
	mac !== undefined && (Number.parseInt(mac.slice(0, 2), 16) & 1) === 1;

/**
 * br_flood(): a broadcast or multicast frame goes to every other port of the
 * bridge, each copy through FORWARD and POSTROUTING as bridged traffic, and
 * then up to the host itself.
 */
function flood(run: Run, bridge: string): void {
	const ports = run.context.host.host.interfaces
		.filter((i) => i.master === bridge && i.name !== run.meta.physIn)
		.map((i) => i.name);
	for (const port of ports) {
		run.step({ kind: "note", text: `${bridge} floods a copy to port ${port}` });
		run.asCopy(port, () => {
			run.rewrite("bridge output port", run.packet, {
				...run.meta,
				physOut: port,
			});
			if (!runHook(run, "FORWARD", { inDevice: bridge, outDevice: bridge }))
				return;
			runHook(run, "POSTROUTING", { inDevice: "", outDevice: bridge });
		});
	}
	run.step({
		kind: "note",
		text: `and ${bridge} passes the frame up to this host`,
	});
}

/**
 * Without br_netfilter (or with bridge-nf-call-iptables=0) a frame that stays
 * on the bridge crosses no iptables hook at all; one passed up to the IP
 * layer does, as an ordinary packet of the bridge device with no port known.
 */
function bypassesIptables(run: Run, bridge: string): boolean {
	if (staysOnBridge(run, bridge, run.packet.dst)) {
		run.step({
			kind: "note",
			text: isIpv6(run.packet)
				? "bridged without br_netfilter (bridge-nf-call-ip6tables=0): no ip6tables hook sees it"
				: "bridged without br_netfilter (bridge-nf-call-iptables=0): no iptables hook sees it",
		});
		run.end({ kind: "bridged", device: bridge });
		return true;
	}
	const { physIn: _port, ...meta } = run.meta;
	run.meta = meta;
	return false;
}

function learnMac(run: Run, bridge: string): void {
	const source = run.meta.mac?.slice(18, 35);
	if (!source || !run.meta.physIn) return;
	// Most frames repeat what the bridge knows: only a change costs an update.
	const port = fdbKey(bridge, source);
	if (run.fdb.get(port) !== run.meta.physIn) run.fdb.set(port, run.meta.physIn);
	const neighbour = neighbourKey(bridge, run.packet.src);
	if (run.fdb.get(neighbour) !== source) run.fdb.set(neighbour, source);
}

/** The device a unicast route to `dst` leaves by (either family), if any. */
function unicastDevice(run: Run, dst: IpAddress): string | undefined {
	const host = run.context.host;
	const decision =
		typeof dst === "number" ? host.route(dst) : route6(host.host, dst);
	return decision.kind === "unicast" ? decision.device : undefined;
}

/** br_netfilter: does the frame stay on the bridge, or go up to the IP layer? */
function staysOnBridge(
	run: Run,
	bridge: string,
	dstBefore: IpAddress,
): boolean {
	const host = run.context.host;
	const dst = run.packet.dst;
	if (dst !== dstBefore) return unicastDevice(run, dst) === bridge;
	const dstMac = destinationMac(run.meta.mac);
	if (dstMac) {
		const own = host.interface(bridge)?.mac;
		const group = Number.parseInt(dstMac.slice(0, 2), 16) & 1;
		return dstMac !== own && group === 0;
	}
	const local =
		typeof dst === "number"
			? host.isLocal(dst)
			: localOwner6(host.host, dst) !== undefined;
	if (local) return false;
	return unicastDevice(run, dst) === bridge;
}

/** A frame bridged between two ports: FORWARD and POSTROUTING see the bridge both ways. */
function bridgeForward(run: Run, bridge: string): void {
	const dstMac = destinationMac(run.meta.mac);
	const port = dstMac ? run.fdb.get(fdbKey(bridge, dstMac)) : undefined;
	if (run.recording)
		run.step({
			kind: "note",
			text: port
				? `bridged on ${bridge} to port ${port}`
				: `bridged on ${bridge}; the destination port is not known (the bridge floods it)`,
		});
	if (port)
		run.rewrite("bridge output port", run.packet, {
			...run.meta,
			physOut: port,
		});
	if (!runHook(run, "FORWARD", { inDevice: bridge, outDevice: bridge })) return;
	if (!runHook(run, "POSTROUTING", { inDevice: "", outDevice: bridge })) return;
	run.end(
		port
			? { kind: "bridged", device: bridge, port }
			: { kind: "bridged", device: bridge },
	);
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
function routeInput(run: Run, device: string): void {
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

/** ip_forward(): TTL and MTU checks, TTL decrement, then FORWARD and POSTROUTING. */
function forward(
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

/**
 * What policy routing rules may select on: mark, source, TOS, protocol,
 * ports, socket owner, and the input device for a received packet. Built
 * field by field: routing runs for every packet.
 */
function flowOf(run: Run, inInterface?: string): RouteOptions {
	const { packet, meta } = run;
	const flow: Mutable<RouteOptions> = {
		mark: meta.mark,
		...(typeof packet.src === "number" ? { source: packet.src } : {}),
		tos: packet.tos,
		protocol: packet.protocol,
	};
	if (packet.sport !== undefined) flow.sourcePort = packet.sport;
	if (packet.dport !== undefined) flow.destinationPort = packet.dport;
	if (meta.uid !== undefined) flow.uid = meta.uid;
	if (inInterface !== undefined) flow.inInterface = inInterface;
	return flow;
}

function outputRoute(run: Run, reason: string): string | undefined {
	const packet = run.packet;
	if (isIpv6(packet)) return outputRoute6(run, packet, reason);
	const decision = run.context.host.route(packet.dst, flowOf(run));
	const device = "device" in decision ? decision.device : undefined;
	if (run.recording)
		run.step({
			kind: "routing",
			reason,
			decision,
			...(device ? { outInterface: device } : {}),
		});
	return device;
}

/** A packet sent by a local process: routed first, then OUTPUT and POSTROUTING. */
export function sendLocal(run: Run): void {
	const generated = pickUpAttachment(run) ? "the kernel" : undefined;
	const own = socketKindOf(run.packet, generated);
	const timeWait =
		own === "file" && entersTimeWait(run.sockets, run.packet, run.time);
	run.meta = withLocalSocket(run.meta, timeWait ? "none" : own, run.localOwner);
	// The stack's own replies (REJECT, errors) leave no local socket's state changed.
	if (generated === undefined) socketSent(run);
	if (timeWait)
		run.step({
			kind: "note",
			text: "sent by a TIME_WAIT socket (no owner)",
		});
	let out =
		run.meta.outInterface ??
		outputRoute(run, "output routing decision (socket)");
	if (out === undefined) {
		run.end({
			kind: "dropped",
			by: "routing",
			reason: "no route to the destination",
		});
		return;
	}
	const before = run.packet;
	const markBefore = run.meta.mark;
	if (!runHook(run, "OUTPUT", { inDevice: "", outDevice: out })) return;
	if (
		run.packet.dst !== before.dst ||
		run.packet.src !== before.src ||
		run.meta.mark !== markBefore ||
		run.packet.tos !== before.tos
	) {
		out =
			outputRoute(
				run,
				"routed again after OUTPUT changed the packet (ip_route_me_harder)",
			) ?? out;
	}
	if (!runHook(run, "POSTROUTING", { inDevice: "", outDevice: out })) return;
	if (out !== "lo") {
		run.end({ kind: "sent", device: out });
		return;
	}
	if (!run.options.followLoopback) {
		attachLoopback(run);
		run.end({ kind: "looped-back" });
		return;
	}
	run.step({
		kind: "note",
		text: "looped back: the packet comes in again on lo with its connection",
	});
	// loopback_xmit orphans the packet: it arrives with no socket.
	const {
		outInterface: _sent,
		socket: _socket,
		uid: _uid,
		gid: _gid,
		...meta
	} = run.meta;
	run.rewrite("loopback", run.packet, {
		...meta,
		inInterface: "lo",
		mac: loopbackMac,
	});
	if (!runHook(run, "PREROUTING", { inDevice: "lo", outDevice: "" })) return;
	routeInput(run, "lo");
}
