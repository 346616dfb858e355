/**
 * What the kernel refuses when a route is added (`fib_check_nh`), checked
 * on a route listing: a route out of a device the host does not have, a
 * unicast route with neither device nor gateway, and a gateway that is not
 * on-link (no directly connected route covers it) unless `onlink` says so.
 * A listing with such a route was not printed by this host: each is an
 * error at its line, not a silently different host.
 */
import type { Route } from "../model/host.js";
import { formatIpv4, prefixToMask } from "../net/ipv4.js";
import type { DiagnosticSink } from "./host-diagnostics.js";

/** A route and where its listing gives it. */
export type PlacedRoute = {
	readonly route: Route;
	/** 1-based line (JSON listings: 1). */
	readonly line: number;
	/** `route 3` for JSON entries, empty for text lines. */
	readonly where: string;
	/** `onlink`: the gateway is taken as on-link without a route to it. */
	readonly onlink: boolean;
};

function covers(route: Route, address: number): boolean {
	return (
		((address ^ route.destination) & prefixToMask(route.prefixLength)) === 0
	);
}

/** True when a directly connected unicast route (no gateway) covers `gateway` on `device`. */
function onLink(
	routes: readonly PlacedRoute[],
	gateway: number,
	device: string | undefined,
): boolean {
	return routes.some(
		({ route }) =>
			route.gateway === undefined &&
			(route.type === "unicast" || route.type === "local") &&
			(device === undefined || route.device === device) &&
			covers(route, gateway),
	);
}

/**
 * Checks each unicast route. `devices`: the host's interfaces when an
 * address listing was given (else devices are not checked). `gateways`:
 * false for `route -n`, which cannot show `onlink`.
 */
export function checkRoutes(
	routes: readonly PlacedRoute[],
	sink: DiagnosticSink,
	options: {
		readonly devices?: ReadonlySet<string>;
		readonly gateways: boolean;
	},
): void {
	for (const placed of routes) {
		const { route, line, where } = placed;
		if (route.type !== "unicast") continue;
		const at = where === "" ? "" : `${where}: `;
		const error = (code: string, message: string) =>
			sink.add("error", code, `${at}${message}`, line);
		if (route.device === undefined && route.gateway === undefined)
			error("route-no-device", "a unicast route needs a dev or a gateway");
		else if (
			route.device !== undefined &&
			options.devices !== undefined &&
			!options.devices.has(route.device)
		)
			error(
				"route-unknown-device",
				`dev ${route.device}: the host has no such interface (the kernel says "Cannot find device")`,
			);
		else if (
			options.gateways &&
			route.gateway !== undefined &&
			!placed.onlink &&
			!onLink(routes, route.gateway, route.device)
		)
			error(
				"gateway-not-on-link",
				`gateway ${formatIpv4(route.gateway)} is not on-link: no connected route${route.device === undefined ? "" : ` on ${route.device}`} covers it (the kernel says "Nexthop has invalid gateway")`,
			);
	}
}
