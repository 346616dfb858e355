/**
 * Answers the engine's questions about a host (`HostView`) the way the kernel
 * would: the policy rules (by default the local table, then main, then
 * default), each table by longest prefix and lowest metric, `addrtype` from the local table only (__inet_dev_addr_type),
 * and source selection by inet_select_addr (net/ipv4/devinet.c).
 */

import type { Mutable } from "../lib/mutable.js";
import type {
	AddressType,
	Host,
	HostInterface,
	InterfaceAddress,
	Route,
	RouteDecision,
} from "../model/host.js";
import { prefixToMask } from "../net/ipv4.js";
import type { HostView, RouteOptions } from "./host-view.js";
import { buildLocalTable, type LocalEntry } from "./local-table.js";
import {
	defaultRules,
	type RuleFlow,
	resolvePolicy,
} from "./policy-routing.js";

/** RT_SCOPE_* values: a smaller number is a wider scope. */
const scopeValue: Readonly<Record<InterfaceAddress["scope"], number>> = {
	global: 0,
	site: 200,
	link: 253,
	host: 254,
	nowhere: 255,
};

/** Longest-prefix-match table: one Map per prefix length, longest first. */
class PrefixTable<T> {
	private readonly byLength = new Map<number, Map<number, T[]>>();
	private lengths: number[] = [];

	add(destination: number, prefixLength: number, value: T): void {
		let level = this.byLength.get(prefixLength);
		if (!level) {
			level = new Map();
			this.byLength.set(prefixLength, level);
			this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
		}
		const list = level.get(destination);
		if (list) list.push(value);
		else level.set(destination, [value]);
	}

	/** Candidates of the longest matching prefix that pass `usable`. */
	lookup(address: number, usable: (value: T) => boolean): T[] {
		for (const length of this.lengths) {
			const key = (address & prefixToMask(length)) >>> 0;
			const found = this.byLength.get(length)?.get(key)?.filter(usable);
			if (found && found.length > 0) return found;
		}
		return [];
	}
}

const typeNames: Readonly<Record<Route["type"], AddressType>> = {
	unicast: "UNICAST",
	local: "LOCAL",
	broadcast: "BROADCAST",
	multicast: "MULTICAST",
	blackhole: "BLACKHOLE",
	unreachable: "UNREACHABLE",
	prohibit: "PROHIBIT",
	throw: "THROW",
	nat: "NAT",
	anycast: "ANYCAST",
};

function isMulticast(address: number): boolean {
	return address >>> 28 === 0xe;
}

function isZeronetOrLimited(address: number): boolean {
	return address >>> 24 === 0 || address === 0xffffffff;
}

function contains(a: InterfaceAddress, address: number): boolean {
	return ((a.address ^ address) & prefixToMask(a.prefixLength)) === 0;
}

function flowOf(destination: number, o: RouteOptions): RuleFlow {
	const flow: Mutable<RuleFlow> = {
		destination,
		source: (o.source ?? 0) >>> 0,
		mark: (o.mark ?? 0) >>> 0,
		inInterface: o.inInterface ?? "lo",
		tos: o.tos ?? 0,
		protocol: o.protocol ?? 0,
		sourcePort: o.sourcePort ?? 0,
		destinationPort: o.destinationPort ?? 0,
		uid: o.uid ?? 0,
	};
	if (o.outInterface !== undefined) flow.outInterface = o.outInterface;
	return flow;
}

/** Destinations whose route decision is remembered (replay asks for few). */
const routeCacheSize = 4096;

/** Builds the lookup indexes once; every query after that is cheap. */
export function createHostView(host: Host): HostView {
	const byName = new Map<string, HostInterface>();
	const byMac = new Map<string, HostInterface>();
	const ordered = [...host.interfaces].sort((a, b) => a.index - b.index);
	for (const iface of ordered) {
		if (!byName.has(iface.name)) byName.set(iface.name, iface);
		if (iface.mac !== undefined && !byMac.has(iface.mac))
			byMac.set(iface.mac, iface);
	}
	const local = new PrefixTable<LocalEntry>();
	for (const e of buildLocalTable(ordered, host.routes)) {
		local.add(e.destination, e.prefixLength, e);
	}
	const tables = new Map<number, PrefixTable<Route>>();
	for (const r of host.routes) {
		if (r.table === 255) continue;
		let table = tables.get(r.table);
		if (!table) {
			table = new PrefixTable<Route>();
			tables.set(r.table, table);
		}
		table.add(r.destination, r.prefixLength, r);
	}
	const rules = host.rules ?? defaultRules;
	const alive = (r: Route) =>
		r.device === undefined || byName.get(r.device)?.up !== false;
	const localnetScope = host.settings.routeLocalnet
		? scopeValue.link
		: scopeValue.host;

	const selectAddress = (
		device: string,
		dst: number,
		scope: number,
	): number | undefined => {
		let fallback: number | undefined;
		for (const a of byName.get(device)?.addresses ?? []) {
			if (a.secondary || Math.min(scopeValue[a.scope], localnetScope) > scope)
				continue;
			if (dst === 0 || contains(a, dst)) return a.address;
			fallback ??= a.address;
		}
		if (fallback !== undefined) return fallback;
		for (const iface of ordered) {
			for (const a of iface.addresses) {
				const s = scopeValue[a.scope];
				if (!a.secondary && s !== scopeValue.link && s <= scope)
					return a.address;
			}
		}
		return undefined;
	};

	const tableRoute = (table: number, destination: number): Route | undefined =>
		tables
			.get(table)
			?.lookup(destination, alive)
			.reduce<Route | undefined>(
				(best, r) => (best === undefined || r.metric < best.metric ? r : best),
				undefined,
			);

	const decide = (destination: number, route: Route): RouteDecision => {
		const device = route.device ?? "";
		switch (route.type) {
			case "local":
				return { kind: "local", device: "lo", route };
			case "broadcast":
			case "multicast":
				return { kind: route.type, device, route };
			case "blackhole":
			case "unreachable":
			case "prohibit":
				return { kind: route.type, route };
			case "throw":
				return { kind: "unreachable", route };
			case "unicast":
			case "nat":
			case "anycast": {
				if (device === "") return { kind: "unreachable", route };
				const scope =
					route.scope ?? (route.gateway === undefined ? "link" : "global");
				const src =
					route.preferredSource ??
					selectAddress(device, route.gateway ?? 0, scopeValue[scope]);
				const nextHop = route.gateway ?? destination;
				return src === undefined
					? { kind: "unicast", device, nextHop, route }
					: { kind: "unicast", device, nextHop, route, preferredSource: src };
			}
			default: {
				const never: never = route.type;
				throw new Error(`host-view: unknown route type ${String(never)}`);
			}
		}
	};

	const routeFor = (d: number, options: RouteOptions): RouteDecision => {
		const result = resolvePolicy(rules, flowOf(d, options), (table) =>
			table === 255 ? localEntry(d)?.route : tableRoute(table, d),
		);
		if (result.kind !== "route")
			return { kind: result.kind === "none" ? "unreachable" : result.kind };
		const r = result.route;
		if (r.table !== 255 && (d === 0xffffffff || isMulticast(d))) {
			const kind = d === 0xffffffff ? "broadcast" : "multicast";
			if (r.device === undefined) return { kind: "unreachable" };
			return { kind, device: r.device, route: r };
		}
		return decide(d, r);
	};
	// Without policy rules the answer depends on the destination alone, and
	// replay asks for the same few destinations again and again.
	const byDestinationOnly = rules === defaultRules;
	const routeCache = new Map<number, RouteDecision>();

	const always = () => true;
	const localEntry = (address: number) => local.lookup(address, always)[0];

	return {
		host,
		interface: (name) => byName.get(name),
		isLocal: (address) => localEntry(address >>> 0)?.type === "local",
		addressType(address, device) {
			const a = address >>> 0;
			if (isZeronetOrLimited(a)) return "BROADCAST";
			if (isMulticast(a)) return "MULTICAST";
			const e = localEntry(a);
			if (!e) return "UNICAST";
			if (device !== undefined && e.device !== device) return "UNICAST";
			return typeNames[e.type];
		},
		route(destination, options = {}) {
			const d = destination >>> 0;
			if (!byDestinationOnly) return routeFor(d, options);
			let decision = routeCache.get(d);
			if (decision === undefined) {
				if (routeCache.size >= routeCacheSize) routeCache.clear();
				decision = routeFor(d, options);
				routeCache.set(d, decision);
			}
			return decision;
		},
		selectSourceAddress: (device, nextHop) =>
			selectAddress(device, nextHop >>> 0, scopeValue.global),
		primaryAddress: (device) => byName.get(device)?.addresses[0]?.address,
		bridgeOf: (device) => byName.get(device)?.master,
		interfaceByMac: (mac) => byMac.get(mac.toLowerCase()),
	};
}
