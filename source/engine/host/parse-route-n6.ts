/**
 * IPv6 routes from `route -n -A inet6` (net-tools' rprint_fib6 over
 * /proc/net/ipv6_route): `DEST/PLEN NEXTHOP FLAGS METRIC REF USE IF`, with
 * the flags U (up), ! (reject), G (gateway), n (no next hop: the local
 * addresses' routes), H, D, A, C, a, e, m, f. It lists the local and main
 * tables together. Never throws: a line it cannot read is an error with
 * its line.
 */
import type { Mutable } from "../lib/mutable.js";
import type { Route6 } from "../model/host.js";
import { prefixToMask6 } from "../net/ipv6.js";
import { ipv6Bytes, ipv6TextOf, readIpv6Text } from "../net/ipv6-text.js";
import type { DiagnosticSink } from "./host-diagnostics.js";

/** The two lines rprint_fib6 prints before the routes. */
const header = /^Kernel IPv6 routing table|^Destination\s+Next Hop\s+Flag/;

/** True when `text` is `route -n -A inet6` output. */
export function isRouteN6(text: string): boolean {
	return /^Kernel IPv6 routing table|^Destination\s+Next Hop\s+Flag/m.test(
		text,
	);
}

function masked(address: string, prefixLength: number): string {
	const bytes = ipv6Bytes(address);
	const mask = prefixToMask6(prefixLength);
	for (let i = 0; i < 16; i++) bytes[i] = (bytes[i] ?? 0) & (mask[i] ?? 0);
	return ipv6TextOf(bytes);
}

/** One route line, or why it is not one (undefined: a line that is no route). */
function routeOf(words: readonly string[]): Route6 | string | undefined {
	if (words.length < 7) return "not a route -n -A inet6 line";
	const [dst = "", hop = "", flags = "", metricText = ""] = words;
	const device = words[words.length - 1] ?? "";
	const [address = "", lengthText = ""] = dst.split("/");
	const destination = readIpv6Text(address);
	const prefixLength = Number(lengthText);
	const nextHop = readIpv6Text(hop);
	const metric = Number(metricText);
	if (
		destination === undefined ||
		!/^\d{1,3}$/.test(lengthText) ||
		prefixLength > 128 ||
		nextHop === undefined ||
		!/^-?\d+$/.test(metricText)
	)
		return "cannot read this route -n -A inet6 line";
	// The kernel's null entry closes the listing (metric -1 on lo): no route.
	if (flags.includes("!") && metric === -1 && device === "lo") return undefined;
	const route: Mutable<Route6> = {
		type: flags.includes("!")
			? "unreachable"
			: flags.includes("n") && prefixLength === 128
				? "local"
				: "unicast",
		destination: masked(destination, prefixLength),
		prefixLength,
		// rprint_fib6 prints the unsigned metric with %d.
		metric: metric < 0 ? metric + 2 ** 32 : metric,
	};
	if (flags.includes("G")) route.gateway = nextHop;
	if (route.type !== "unreachable") route.device = device;
	return route;
}

/** Reads `route -n -A inet6` output into routes, reporting unreadable lines. */
export function parseRouteN6(text: string, sink: DiagnosticSink): Route6[] {
	const routes: Route6[] = [];
	text.split(/\r?\n/).forEach((line, i) => {
		const words = line.trim().split(/\s+/);
		if (line.trim() === "" || header.test(line.trim())) return;
		const route = routeOf(words);
		if (typeof route === "string")
			sink.add("error", "bad-route", route, i + 1, 1, line.trim().length);
		else if (route !== undefined) routes.push(route);
	});
	return routes;
}
