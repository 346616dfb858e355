/**
 * The host a ruleset runs on: interfaces, addresses, bridge ports and routes,
 * plus the sysctls that change how netfilter treats packets.
 */

export type InterfaceAddress = {
	/** IPv4 address as an unsigned 32-bit integer. */
	readonly address: number;
	readonly prefixLength: number;
	/** Broadcast address when the interface has one. */
	readonly broadcast?: number;
	readonly scope: "global" | "link" | "host" | "site" | "nowhere";
	readonly secondary: boolean;
	/** Address label (`eth0:1`). */
	readonly label?: string;
};

/** An `inet6` address of an interface (`ip addr`). */
export type InterfaceAddress6 = {
	/** The kernel spelling (`Ipv6Text`). */
	readonly address: string;
	readonly prefixLength: number;
	readonly scope: "global" | "link" | "host" | "site" | "nowhere";
};

export type HostInterface = {
	readonly name: string;
	readonly index: number;
	/** Lowercase `aa:bb:cc:dd:ee:ff`, or undefined for devices without one. */
	readonly mac?: string;
	readonly linkType: "loopback" | "ether" | "none" | "other";
	readonly up: boolean;
	/** True for Linux bridges (they have ports whose `master` names them). */
	readonly bridge: boolean;
	/** The bridge this device is a port of. */
	readonly master?: string;
	/**
	 * A bridge port in hairpin mode sends frames back out the port they came
	 * in on (`ip -d link`: `hairpin on`; `bridge -d link`). Default off.
	 */
	readonly hairpin?: boolean;
	readonly mtu: number;
	readonly addresses: readonly InterfaceAddress[];
	/** IPv6 addresses; absent when the listing showed none. */
	readonly addresses6?: readonly InterfaceAddress6[];
};

/** One IPv6 route of the main table (`ip -6 route`). */
export type Route6 = {
	readonly type: "unicast" | "blackhole" | "unreachable" | "prohibit" | "local";
	/** Destination network (the kernel spelling, masked). */
	readonly destination: string;
	readonly prefixLength: number;
	readonly gateway?: string;
	readonly device?: string;
	readonly metric: number;
};

/**
 * An IPv6 route lookup (ip6_route_input / ip6_route_output): delivered
 * here, sent out of a device, or refused.
 */
export type RouteDecision6 =
	| {
			readonly kind: "local" | "multicast";
			readonly device: string;
			readonly why: string;
	  }
	| {
			readonly kind: "unicast";
			readonly device: string;
			readonly nextHop: string;
			readonly route: Route6;
	  }
	| {
			readonly kind: "unreachable" | "blackhole" | "prohibit";
			readonly route?: Route6;
	  };

export type RouteType =
	| "unicast"
	| "local"
	| "broadcast"
	| "multicast"
	| "blackhole"
	| "unreachable"
	| "prohibit"
	| "throw"
	| "nat"
	| "anycast";

export type Route = {
	readonly type: RouteType;
	/** Destination network address (masked). */
	readonly destination: number;
	readonly prefixLength: number;
	readonly gateway?: number;
	readonly device?: string;
	readonly metric: number;
	readonly preferredSource?: number;
	readonly scope?: "global" | "link" | "host" | "site" | "nowhere";
	/** `main` (254) unless stated; `local` is 255. Named tables: see `tableIdOf`. */
	readonly table: number;
	/** The table's name when the listing named it (`table DSL`). */
	readonly tableName?: string;
};

/**
 * What a policy routing rule does when it matches (FR_ACT_* in
 * include/uapi/linux/fib_rules.h): look up a table, jump forward, do nothing,
 * or fail the lookup.
 */
export type RuleAction =
	| {
			readonly kind: "lookup";
			readonly table: number;
			readonly tableName?: string;
	  }
	| { readonly kind: "goto"; readonly target: number }
	| { readonly kind: "nop" }
	| { readonly kind: "blackhole" | "unreachable" | "prohibit" }
	/** `lookup [l3mdev-table]`: VRF tables, not modelled (never matches). */
	| { readonly kind: "l3mdev" };

/** One entry of the routing policy database (`ip rule`), IPv4 only. */
export type RoutingRule = {
	/** Rules run by ascending priority, listing order within a priority. */
	readonly priority: number;
	/** `not`: the selectors' result is inverted (FIB_RULE_INVERT). */
	readonly invert: boolean;
	/** `from PREFIX`; absent means `from all`. */
	readonly from?: { readonly address: number; readonly prefixLength: number };
	readonly to?: { readonly address: number; readonly prefixLength: number };
	/** TOS/DSCP byte to equal; 0 or absent matches any. */
	readonly tos?: number;
	/** `fwmark VALUE[/MASK]`: matches when (mark ^ value) & mask is 0. */
	readonly fwmark?: { readonly value: number; readonly mask: number };
	/** `iif DEV`: locally generated packets come in on `lo`. */
	readonly iif?: string;
	/** `oif DEV`: only output lookups that already know their device. */
	readonly oif?: string;
	/** IP protocol number (`ipproto tcp` is 6). */
	readonly protocol?: number;
	readonly sourcePorts?: { readonly from: number; readonly to: number };
	readonly destinationPorts?: { readonly from: number; readonly to: number };
	/** `uidrange A-B` (socket owner); packets without a uid count as uid 0. */
	readonly uidRange?: { readonly from: number; readonly to: number };
	/** `suppress_prefixlength N`: a table result with prefix <= N is ignored. */
	readonly suppressPrefixLength?: number;
	readonly action: RuleAction;
};

export type HostSettings = {
	/** net.ipv4.ip_forward. @default true */
	readonly ipForward: boolean;
	/** br_netfilter loaded with bridge-nf-call-iptables=1. @default true */
	readonly bridgeNetfilter: boolean;
	/**
	 * net.ipv6.conf.all.forwarding: the one switch ip6_forward reads (IPv6
	 * has no ip_forward of its own). @default true
	 */
	readonly ip6Forward: boolean;
	/** br_netfilter loaded with bridge-nf-call-ip6tables=1 (IPv6 frames). @default true */
	readonly bridgeNetfilter6: boolean;
	/** net.netfilter.nf_conntrack_tcp_loose. @default true */
	readonly tcpLoose: boolean;
	/** net.ipv4.conf.all.rp_filter (0, 1 strict, 2 loose). @default 0 */
	readonly rpFilter: 0 | 1 | 2;
	/** net.ipv4.conf.all.route_localnet. @default false */
	readonly routeLocalnet: boolean;
};

export type Host = {
	readonly name: string;
	readonly interfaces: readonly HostInterface[];
	/** Routes of the main table (and others when given). */
	readonly routes: readonly Route[];
	/** IPv6 routes (`ip -6 route`); absent when not given. */
	readonly routes6?: readonly Route6[];
	/**
	 * The routing policy database. Absent: the kernel's defaults (0 lookup
	 * local, 32766 lookup main, 32767 lookup default).
	 */
	readonly rules?: readonly RoutingRule[];
	readonly settings: HostSettings;
};

export const defaultHostSettings: HostSettings = {
	ipForward: true,
	bridgeNetfilter: true,
	ip6Forward: true,
	bridgeNetfilter6: true,
	tcpLoose: true,
	rpFilter: 0,
	routeLocalnet: false,
};

/** `addrtype` classes, as `-m addrtype --src-type/--dst-type` names them. */
export type AddressType =
	| "UNSPEC"
	| "UNICAST"
	| "LOCAL"
	| "BROADCAST"
	| "ANYCAST"
	| "MULTICAST"
	| "BLACKHOLE"
	| "UNREACHABLE"
	| "PROHIBIT"
	| "THROW"
	| "NAT"
	| "XRESOLVE";

/** The result of a route lookup for a destination. */
export type RouteDecision =
	| {
			readonly kind: "local";
			/** Local routes always leave through the loopback device. */
			readonly device: string;
			readonly route: Route;
	  }
	| {
			readonly kind: "unicast";
			readonly device: string;
			/** Gateway, or the destination itself when on-link. */
			readonly nextHop: number;
			readonly route: Route;
			/** Source address a local socket would pick. */
			readonly preferredSource?: number;
	  }
	| {
			readonly kind: "broadcast" | "multicast";
			readonly device: string;
			readonly route?: Route;
	  }
	| {
			readonly kind: "unreachable" | "blackhole" | "prohibit";
			readonly route?: Route;
	  };
