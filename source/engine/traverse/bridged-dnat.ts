/**
 * br_netfilter after PREROUTING changed a bridged frame's destination
 * (br_nf_pre_routing_finish): the new address is routed. When the route
 * leaves by the same bridge the frame stays bridged ("bridged DNAT"): the
 * neighbour's MAC becomes its destination and the bridge forwards it by
 * that MAC, never back out of the port it came in on unless that port is in
 * hairpin mode (br_forward's should_deliver): such a frame is dropped before
 * FORWARD, unconfirmed, so a retransmission walks nat again. Otherwise the
 * frame goes up to the IP layer addressed to the bridge's own MAC.
 * Recorded: test/fixtures/scenarios-own/bridge-hairpin.
 */
import { route6 } from "../host/host-view6.js";
import { fdbKey, neighbourKey } from "./bridge-ports.js";
import type { Run } from "./run.js";

/** The frame's link header with another destination MAC. */
function withDestinationMac(run: Run, mac: string): void {
	const header = run.meta.mac;
	if (header === undefined || header.length < 17 || header.startsWith(mac))
		return;
	run.rewrite(`destination MAC ${mac}`, run.packet, {
		...run.meta,
		mac: mac + header.slice(17),
	});
}

/** Where a bridged frame whose destination address changed goes next. */
export function bridgedDnat(
	run: Run,
	bridge: string,
): "bridge" | "route" | "dropped" {
	const host = run.context.host;
	const dst = run.packet.dst;
	const decision =
		typeof dst === "number" ? host.route(dst) : route6(host.host, dst);
	if (decision.kind !== "unicast" || decision.device !== bridge) {
		const own = host.interface(bridge)?.mac;
		if (own !== undefined) withDestinationMac(run, own);
		return "route";
	}
	const mac = run.fdb.get(neighbourKey(bridge, decision.nextHop));
	if (mac === undefined) return "bridge";
	withDestinationMac(run, mac);
	const port = run.fdb.get(fdbKey(bridge, mac));
	const from = run.meta.physIn;
	if (port === undefined || port !== from) return "bridge";
	if (host.interface(port)?.hairpin === true) return "bridge";
	run.end({
		kind: "dropped",
		by: "bridge",
		reason: `${bridge} does not send a frame back out of ${port}, the port it came in on (hairpin mode is off)`,
	});
	return "dropped";
}
