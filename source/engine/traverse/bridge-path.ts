/**
 * A frame arriving on a bridge port (br_netfilter): the bridge learns its
 * source MAC, floods group frames to every other port, forwards a frame that
 * stays on the bridge through FORWARD and POSTROUTING (or through no hook at
 * all without br_netfilter), and passes the rest up to the IP layer.
 */
import { localOwner6, route6 } from "../host/host-view6.js";
import { isIpv6 } from "../model/packet.js";
import type { IpAddress } from "../net/address.js";
import { fdbKey, neighbourKey } from "./bridge-ports.js";
import type { Run } from "./run.js";
import { runHook } from "./stations.js";

/** The destination MAC of a LOG-style `MAC=` field (its first six octets). */
export function destinationMac(mac: string | undefined): string | undefined {
	return mac && mac.length >= 17 ? mac.slice(0, 17) : undefined;
}

/** A group (multicast or broadcast) MAC address: its first octet's low bit. */
export const isGroupMac = (mac: string | undefined): boolean =>
	mac !== undefined && (Number.parseInt(mac.slice(0, 2), 16) & 1) === 1;

/**
 * br_flood(): a broadcast or multicast frame goes to every other port of the
 * bridge, each copy through FORWARD and POSTROUTING as bridged traffic, and
 * then up to the host itself.
 */
export function flood(run: Run, bridge: string): void {
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
export function bypassesIptables(run: Run, bridge: string): boolean {
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

/** The bridge learns the frame's source MAC on its port, and the sender's MAC for its address. */
export function learnMac(run: Run, bridge: string): void {
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
export function staysOnBridge(
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

/**
 * The port a frame whose destination the bridge has not learned must leave
 * by when the bridge has just one port besides the one it came in on: the
 * bridge never sends a frame back out of its input port (hairpin mode off),
 * so whether it floods the frame or learns the MAC from the neighbour's ARP
 * reply first (bridged DNAT), that port is the one.
 */
function onlyOtherPort(run: Run, bridge: string): string | undefined {
	const from = run.meta.physIn;
	if (from === undefined) return undefined;
	const interfaces = run.context.host.host.interfaces;
	if (interfaces.find((i) => i.name === from)?.hairpin === true)
		return undefined;
	const others = interfaces.filter(
		(i) => i.master === bridge && i.name !== from,
	);
	return others.length === 1 ? others[0]?.name : undefined;
}

/** A frame bridged between two ports: FORWARD and POSTROUTING see the bridge both ways. */
export function bridgeForward(run: Run, bridge: string): void {
	const dstMac = destinationMac(run.meta.mac);
	const port =
		(dstMac ? run.fdb.get(fdbKey(bridge, dstMac)) : undefined) ??
		onlyOtherPort(run, bridge);
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
