/** A route decision in a few words, for comparing lookups in tests: `eth0 via 10.0.2.2`. */
import type { RouteDecision } from "../../source/engine/model/host.js";
import { formatIpv4 } from "../../source/engine/net/ipv4.js";

export function briefRoute(decision: RouteDecision): string {
	switch (decision.kind) {
		case "unicast":
			return `${decision.device} via ${formatIpv4(decision.nextHop)}`;
		case "local":
		case "broadcast":
		case "multicast":
			return `${decision.kind} ${decision.device}`;
		default:
			return decision.kind;
	}
}
