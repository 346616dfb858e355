import type { RouteOptions } from "../host/host-view.js";
import type { Mutable } from "../lib/mutable.js";
import type { Run } from "./run.js";

/**
 * What policy routing rules may select on: mark, source, TOS, protocol,
 * ports, socket owner, and the input device for a received packet. Built
 * field by field: routing runs for every packet.
 */
export function flowOf(run: Run, inInterface?: string): RouteOptions {
	const { packet, meta } = run;
	const flow: Mutable<RouteOptions> =
		typeof packet.src === "number"
			? {
					mark: meta.mark,
					source: packet.src,
					tos: packet.tos,
					protocol: packet.protocol,
				}
			: { mark: meta.mark, tos: packet.tos, protocol: packet.protocol };
	if (packet.sport !== undefined) flow.sourcePort = packet.sport;
	if (packet.dport !== undefined) flow.destinationPort = packet.dport;
	if (meta.uid !== undefined) flow.uid = meta.uid;
	if (inInterface !== undefined) flow.inInterface = inInterface;
	return flow;
}
