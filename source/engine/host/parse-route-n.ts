/**
 * IPv4 routes from `route -n` (net-tools' rprint_fib over /proc/net/route):
 * `Destination Gateway Genmask Flags Metric Ref Use Iface`, with the flags
 * U (up), G (gateway), H (host) and ! (reject). It lists the main table
 * only. Never throws: a line it cannot read is an error with its line.
 */
import type { Mutable } from "../lib/mutable.js";
import type { Route } from "../model/host.js";
import { maskToPrefix, parseIpv4, prefixToMask } from "../net/ipv4.js";
import { type DiagnosticSink, splitWords } from "./host-diagnostics.js";
import type { PlacedRoute } from "./route-checks.js";

/** The lines `route -n` prints before its routes. */
const routeNHeader =
	/^Kernel IP routing table|^Destination\s+Gateway\s+Genmask/;

/** The routes of a `route -n` listing, all in the main table. */
export function parseRouteN(
	lines: readonly string[],
	sink: DiagnosticSink,
): PlacedRoute[] {
	const routes: PlacedRoute[] = [];
	lines.forEach((line, i) => {
		const words = splitWords(line);
		if (words.length === 0 || routeNHeader.test(line)) return;
		if (words.length < 8) {
			sink.add(
				"error",
				"bad-route",
				"not a route -n line (Destination Gateway Genmask Flags Metric Ref Use Iface)",
				i + 1,
				1,
				line.trim().length,
			);
			return;
		}
		const [dstW, gwW, maskW, flagsW, metricW] = words;
		const dst = parseIpv4(dstW?.text ?? "");
		const gw = parseIpv4(gwW?.text ?? "");
		const mask = parseIpv4(maskW?.text ?? "");
		const prefix = mask === undefined ? undefined : maskToPrefix(mask);
		if (dst === undefined || gw === undefined || prefix === undefined) {
			sink.add(
				"error",
				"bad-route",
				"cannot read this route -n line",
				i + 1,
				1,
				line.trim().length,
			);
			return;
		}
		const flags = flagsW?.text ?? "";
		const route: Mutable<Route> = {
			type: flags.includes("!") ? "unreachable" : "unicast",
			destination: (dst & prefixToMask(prefix)) >>> 0,
			prefixLength: prefix,
			metric: Number(metricW?.text ?? 0) || 0,
			table: 254,
		};
		if (flags.includes("G") && gw !== 0) route.gateway = gw;
		const dev = words[words.length - 1]?.text;
		if (dev && dev !== "-" && route.type === "unicast") route.device = dev;
		route.scope = route.gateway === undefined ? "link" : "global";
		routes.push({ route, line: i + 1, where: "", onlink: false });
	});
	return routes;
}

/** True when `text` is `route -n` output: its header, or a line shaped as its routes. */
export function isRouteN(text: string): boolean {
	return (
		/Kernel IP routing table|^Destination\s+Gateway\s+Genmask/m.test(text) ||
		/^\s*\d+\.\d+\.\d+\.\d+\s+\d+\.\d+\.\d+\.\d+\s+\d+\.\d+\.\d+\.\d+\s+[UGHRDMAC!]+\s/m.test(
			text,
		)
	);
}
