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

/**
 * What policy routing rules may select on. Every field is optional: a missing
 * `inInterface` means a locally generated packet (`iif lo`), a missing
 * `source` an unbound socket (0.0.0.0), missing numbers 0.
 */
export type RouteOptions = {
	readonly mark?: number;
	readonly source?: number;
	/** The device the packet came in on, for input routing. */
	readonly inInterface?: string;
	/** A device the socket is bound to (`oif` rules). */
	readonly outInterface?: string;
	/** The IP TOS byte. */
	readonly tos?: number;
	readonly protocol?: number;
	readonly sourcePort?: number;
	readonly destinationPort?: number;
	/** Owner of the sending socket (`uidrange`). */
	readonly uid?: number;
};

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
	/**
	 * Route lookup for a destination through the policy rules (`host.rules`,
	 * or local/main/default), each table by longest prefix, then metric.
	 */
	route(destination: number, options?: RouteOptions): RouteDecision;
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
