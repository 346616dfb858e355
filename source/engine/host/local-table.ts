/**
 * The local routing table (255) as the kernel builds it from addresses
 * (fib_add_ifaddr in net/ipv4/fib_frontend.c), checked on 6.18:
 *
 * - a `local` /32 for every address, primary or secondary, even on a device
 *   that is down;
 * - on loopback, a `local` route for the whole primary prefix (127.0.0.0/8);
 * - on up devices only: a `broadcast` /32 for an explicit `brd` address
 *   (not 255.255.255.255), and for each primary address with prefix < 31 a
 *   `broadcast` /32 for its subnet's all-ones address. No all-zeros network
 *   broadcast any more.
 */
import type { HostInterface, Route, RouteType } from "../model/host.js";
import { prefixToMask } from "../net/ipv4.js";

export type LocalEntry = {
	readonly type: RouteType;
	readonly destination: number;
	readonly prefixLength: number;
	readonly device?: string;
	readonly route: Route;
};

function entry(
	type: RouteType,
	destination: number,
	prefixLength: number,
	device: string,
	source: number,
): LocalEntry {
	const route: Route = {
		type,
		destination,
		prefixLength,
		device,
		metric: 0,
		preferredSource: source,
		scope: type === "local" ? "host" : "link",
		table: 255,
	};
	return { type, destination, prefixLength, device, route };
}

function interfaceEntries(iface: HostInterface): LocalEntry[] {
	const out: LocalEntry[] = [];
	const primaryOf = (address: number, prefix: number) =>
		iface.addresses.find(
			(a) =>
				!a.secondary &&
				a.prefixLength === prefix &&
				((a.address ^ address) & prefixToMask(prefix)) === 0,
		)?.address ?? address;
	for (const a of iface.addresses) {
		const mask = prefixToMask(a.prefixLength);
		const prefix = (a.address & mask) >>> 0;
		const src = a.secondary ? primaryOf(a.address, a.prefixLength) : a.address;
		out.push(entry("local", a.address, 32, iface.name, src));
		const loop = iface.linkType === "loopback";
		if (loop && !a.secondary && a.prefixLength < 32 && prefix >>> 24 !== 0) {
			out.push(entry("local", prefix, a.prefixLength, iface.name, src));
		}
		if (!iface.up) continue;
		if (
			a.broadcast !== undefined &&
			a.broadcast !== 0xffffffff &&
			a.broadcast !== 0
		) {
			out.push(entry("broadcast", a.broadcast, 32, iface.name, src));
		}
		if (!a.secondary && a.prefixLength < 31 && prefix >>> 24 !== 0) {
			out.push(entry("broadcast", (prefix | ~mask) >>> 0, 32, iface.name, src));
		}
	}
	return out;
}

/** Local-table entries from the interfaces, then explicit table-255 routes. */
export function buildLocalTable(
	interfaces: readonly HostInterface[],
	routes: readonly Route[],
): LocalEntry[] {
	const sorted = [...interfaces].sort((a, b) => a.index - b.index);
	const seen = new Set<string>();
	// Adding the same route twice is a no-op in the kernel (brd = subnet broadcast).
	const derived = sorted.flatMap(interfaceEntries).filter((e) => {
		const key = `${e.type} ${e.destination}/${e.prefixLength} ${e.device}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	const explicit = routes
		.filter((r) => r.table === 255)
		.map((route): LocalEntry => {
			const base = {
				type: route.type,
				destination: route.destination,
				prefixLength: route.prefixLength,
				route,
			};
			return route.device === undefined
				? base
				: { ...base, device: route.device };
		});
	return [...derived, ...explicit];
}
