/**
 * The questions the engine asks about a host. `createHostView(host)` in
 * `host/host-view-impl.ts` answers them from interfaces and routes, with
 * indexes built once so lookups stay fast.
 */
import type {
	AddressType,
	Host,
	HostInterface,
	RouteDecision,
} from "../model/host.js";

export type HostView = {
	readonly host: Host;
	interface(name: string): HostInterface | undefined;
	/** True when `address` is configured on any interface (the local table's `local` entries, including all of 127/8). */
	isLocal(address: number): boolean;
	/**
	 * The `addrtype` class of an address (xt_addrtype.c + fib_frontend.c).
	 * With `device`, a local-table entry only counts when it belongs to that
	 * device (`--limit-iface-in/out`); otherwise the answer is UNICAST.
	 */
	addressType(address: number, device?: string): AddressType;
	/** Route lookup for a destination (longest prefix, then metric). `mark` is for policy routing when modelled. */
	route(
		destination: number,
		options?: { readonly mark?: number; readonly source?: number },
	): RouteDecision;
	/**
	 * The source address MASQUERADE (and a local socket) picks on `device`
	 * toward `nextHop`: inet_select_addr in net/ipv4/devinet.c.
	 */
	selectSourceAddress(device: string, nextHop: number): number | undefined;
	/** First (primary) IPv4 address of a device: REDIRECT in PREROUTING. */
	primaryAddress(device: string): number | undefined;
	/** The bridge a device is a port of. */
	bridgeOf(device: string): string | undefined;
	/** Interface whose MAC is `mac` (lowercase with colons). */
	interfaceByMac(mac: string): HostInterface | undefined;
};
