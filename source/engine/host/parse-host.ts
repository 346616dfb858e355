/**
 * Builds a `Host` from whatever the user captured: interfaces from `ip addr`,
 * routes from `ip route` or `route -n`, either one alone.
 */
import type { Diagnostic } from "../diagnostics.js";
import {
	defaultHostSettings,
	type Host,
	type HostInterface,
	type HostSettings,
	type InterfaceAddress,
	type Route,
	type Route6,
	type RoutingRule,
} from "../model/host.js";
import { prefixToMask } from "../net/ipv4.js";
import { DiagnosticSink } from "./host-diagnostics.js";
import { parseIpAddr } from "./parse-ip-addr.js";
import { parseIpRoute } from "./parse-ip-route.js";
import { parseIpRoute6 } from "./parse-ip-route6.js";
import { parseIpRule } from "./parse-ip-rule.js";

const loopback: HostInterface = {
	name: "lo",
	index: 1,
	mac: "00:00:00:00:00:00",
	linkType: "loopback",
	up: true,
	bridge: false,
	mtu: 65536,
	addresses: [
		{ address: 0x7f000001, prefixLength: 8, scope: "host", secondary: false },
	],
};

/**
 * Interfaces implied by routes when no address listing is given: every `dev`
 * becomes an up interface, and a route's `src` inside its destination
 * becomes an address with that route's prefix (what `proto kernel` prefix
 * routes look like). `lo` with 127.0.0.1/8 is always there.
 */
function interfacesFromRoutes(routes: readonly Route[]): HostInterface[] {
	const byName = new Map<string, InterfaceAddress[]>([["lo", []]]);
	const add = (device: string, address: number, prefixLength: number) => {
		const list = byName.get(device) ?? [];
		byName.set(device, list);
		if (list.some((a) => a.address === address)) return;
		list.push({ address, prefixLength, scope: "global", secondary: false });
	};
	for (const route of routes) {
		if (route.device === undefined || byName.has(route.device)) continue;
		byName.set(route.device, []);
	}
	// First the prefix routes whose `src` lies inside them, then any other `src` as /32.
	for (const pass of [true, false]) {
		for (const route of routes) {
			const src = route.preferredSource;
			if (route.device === undefined || route.device === "lo") continue;
			if (src === undefined || route.table !== 254) continue;
			const mask = prefixToMask(route.prefixLength);
			const inside =
				route.gateway === undefined &&
				route.prefixLength > 0 &&
				(src & mask) >>> 0 === route.destination;
			if (pass && inside) add(route.device, src, route.prefixLength);
			const known = [...byName.values()].some((l) =>
				l.some((a) => a.address === src),
			);
			if (!pass && !known) add(route.device, src, 32);
		}
	}
	return [...byName].map(([name, addresses], i) =>
		name === "lo"
			? loopback
			: {
					name,
					index: i + 1,
					linkType: "ether",
					up: true,
					bridge: false,
					mtu: 1500,
					addresses,
				},
	);
}

/**
 * The main-table routes the kernel adds for addresses (fib_add_ifaddr), used
 * when no route listing is given: one `proto kernel scope link` prefix route
 * per primary address of an up, non-loopback interface, except /32.
 */
export function kernelPrefixRoutes(
	interfaces: readonly HostInterface[],
): Route[] {
	return interfaces.flatMap((iface) => {
		if (!iface.up || iface.linkType === "loopback") return [];
		return iface.addresses.flatMap((a) => {
			if (a.secondary || a.prefixLength === 32) return [];
			const destination = (a.address & prefixToMask(a.prefixLength)) >>> 0;
			if (destination >>> 24 === 0) return [];
			const route: Route = {
				type: "unicast",
				destination,
				prefixLength: a.prefixLength,
				device: iface.name,
				metric: 0,
				preferredSource: a.address,
				scope: "link",
				table: 254,
			};
			return [route];
		});
	});
}

/** Assembles a host from parsed parts; missing parts are derived as the kernel would. */
export function hostFromParts(parts: {
	readonly interfaces?: readonly HostInterface[];
	readonly routes?: readonly Route[];
	readonly routes6?: readonly Route6[];
	readonly rules?: readonly RoutingRule[];
	readonly name?: string;
	readonly settings?: Partial<HostSettings>;
}): Host {
	const interfaces =
		parts.interfaces ?? interfacesFromRoutes(parts.routes ?? []);
	return {
		name: parts.name ?? "host",
		interfaces,
		routes: parts.routes ?? kernelPrefixRoutes(interfaces),
		...(parts.rules === undefined ? {} : { rules: parts.rules }),
		...(parts.routes6 === undefined ? {} : { routes6: parts.routes6 }),
		settings: { ...defaultHostSettings, ...parts.settings },
	};
}

/** Notes about tables that rules and routes do not agree on. */
function tableNotes(
	routes: readonly Route[] | undefined,
	rules: readonly RoutingRule[] | undefined,
	source: string,
): Diagnostic[] {
	const sink = new DiagnosticSink(source);
	const given = new Set((routes ?? []).map((r) => r.table));
	if (rules === undefined) {
		const other = (routes ?? []).find((r) => r.table < 253 || r.table > 255);
		if (other)
			sink.add(
				"info",
				"policy-tables",
				`routes in table ${other.tableName ?? other.table} are not used: without \`ip rule\` output only the local, main and default tables are looked up`,
				1,
			);
		return sink.list;
	}
	if (routes === undefined) return sink.list;
	for (const rule of rules) {
		const a = rule.action;
		if (
			a.kind !== "lookup" ||
			(a.table >= 253 && a.table <= 255) ||
			given.has(a.table)
		)
			continue;
		sink.add(
			"info",
			"empty-table",
			`rule ${rule.priority} looks up table ${a.tableName ?? a.table}, which has no routes here: give \`ip route show table all\``,
			1,
		);
	}
	return sink.list;
}

/**
 * Parses `ip addr` (JSON, text or brief), `ip route` (JSON or text, any
 * tables: `ip route show table all`) or `route -n`, and `ip rule` into a
 * host. Without `rule` the kernel's default rules apply. Either may be missing. `route -n` carries no
 * addresses: give `addr` too, or the interfaces have none. Never throws.
 */
export function parseHost(input: {
	readonly addr?: string;
	readonly route?: string;
	/** `ip -j -6 route` or `ip -6 route`: the IPv6 routes. */
	readonly route6?: string;
	/** `ip rule show` or `ip -j rule show`: the policy rules. */
	readonly rule?: string;
	readonly name?: string;
	readonly settings?: Partial<HostSettings>;
	readonly source?: {
		readonly addr?: string;
		readonly route?: string;
		readonly route6?: string;
		readonly rule?: string;
	};
}): { host: Host; diagnostics: Diagnostic[] } {
	const diagnostics: Diagnostic[] = [];
	let interfaces: HostInterface[] | undefined;
	let routes: Route[] | undefined;
	if (input.addr !== undefined) {
		const parsed = parseIpAddr(input.addr, input.source?.addr ?? "ip-addr");
		interfaces = parsed.interfaces;
		diagnostics.push(...parsed.diagnostics);
	}
	if (input.route !== undefined) {
		const source = input.source?.route ?? "ip-route";
		const devices =
			interfaces === undefined
				? undefined
				: new Set(interfaces.map((iface) => iface.name));
		const parsed = parseIpRoute(input.route, source, devices);
		routes = parsed.routes;
		diagnostics.push(...parsed.diagnostics);
		const sink = new DiagnosticSink(source);
		if (parsed.format === "route-n" && interfaces === undefined) {
			sink.add(
				"info",
				"no-addresses",
				"route -n lists no addresses; give `ip addr` output for the host's own addresses",
				1,
			);
		}
		diagnostics.push(...sink.list);
	}
	let routes6: Route6[] | undefined;
	if (input.route6 !== undefined) {
		const parsed = parseIpRoute6(
			input.route6,
			input.source?.route6 ?? "ip-route6",
		);
		routes6 = parsed.routes;
		diagnostics.push(...parsed.diagnostics);
	}
	let rules: RoutingRule[] | undefined;
	if (input.rule !== undefined) {
		const parsed = parseIpRule(input.rule, input.source?.rule ?? "ip-rule");
		rules = parsed.rules;
		diagnostics.push(...parsed.diagnostics);
	}
	diagnostics.push(
		...tableNotes(
			routes,
			rules,
			rules === undefined
				? (input.source?.route ?? "ip-route")
				: (input.source?.rule ?? "ip-rule"),
		),
	);
	const parts = {
		...(interfaces === undefined ? {} : { interfaces }),
		...(routes === undefined ? {} : { routes }),
		...(routes6 === undefined ? {} : { routes6 }),
		...(rules === undefined ? {} : { rules }),
		...(input.name === undefined ? {} : { name: input.name }),
		...(input.settings === undefined ? {} : { settings: input.settings }),
	};
	return { host: hostFromParts(parts), diagnostics };
}
