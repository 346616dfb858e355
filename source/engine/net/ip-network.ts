/**
 * A network of either family, for the matches that take an address with an
 * optional mask in both iptables and ip6tables (`--ctorigsrc 10.0.0.0/8`,
 * `--ctorigsrc fd00::/64`): parsed by the rule's family, tested against a
 * packet's or a connection's address of the same family.
 */
import type { Family } from "../model/ruleset.js";
import type { IpAddress } from "./address.js";
import {
	formatIpv4Network,
	type Ipv4Network,
	inNetwork,
	parseIpv4Network,
	prefixToMask,
} from "./ipv4.js";
import {
	formatIpv6Network,
	type Ipv6Network,
	parseIpv6Network,
	prefixToMask6,
} from "./ipv6.js";
import { ipv6Bytes, ipv6InNetwork, ipv6TextOf } from "./ipv6-text.js";

export type IpNetwork =
	| { readonly family: "ipv4"; readonly network: Ipv4Network }
	| { readonly family: "ipv6"; readonly network: Ipv6Network };

/** `addr[/len|/mask]` of `family`; undefined when malformed. */
export function parseIpNetwork(
	text: string,
	family: Family,
): IpNetwork | undefined {
	if (family === "ipv4") {
		const network = parseIpv4Network(text);
		return network && { family, network };
	}
	const network = parseIpv6Network(text);
	return network && { family, network };
}

/** True when `address` is in `network` (never for the other family). */
export function inIpNetwork(address: IpAddress, network: IpNetwork): boolean {
	if (network.family === "ipv4")
		return typeof address === "number" && inNetwork(address, network.network);
	return (
		typeof address === "string" &&
		ipv6InNetwork(address, network.network.address, network.network.mask)
	);
}

/** As iptables-save prints it, without a host mask (`/32`, `/128`). */
export function formatIpNetwork(network: IpNetwork): string {
	return network.family === "ipv4"
		? formatIpv4Network(network.network).replace(/\/32$/, "")
		: formatIpv6Network(network.network).replace(/\/128$/, "");
}

/**
 * The address with only its first `prefix` bits kept, in its own family
 * (the key by which connlimit, hashlimit and friends group addresses).
 */
export function maskAddress(address: IpAddress, prefix: number): IpAddress {
	if (typeof address === "number")
		return (address & prefixToMask(Math.min(prefix, 32))) >>> 0;
	const bytes = ipv6Bytes(address);
	const mask = prefixToMask6(Math.min(prefix, 128));
	for (let i = 0; i < 16; i++) bytes[i] = (bytes[i] ?? 0) & (mask[i] ?? 0);
	return ipv6TextOf(bytes);
}

/** `address & mask` of one family (a mask written as an address, as `recent --mask`). */
export function andMask(address: IpAddress, mask: IpAddress): IpAddress {
	if (typeof address === "number" || typeof mask === "number")
		return typeof address === "number" && typeof mask === "number"
			? (address & mask) >>> 0
			: address;
	const a = ipv6Bytes(address);
	const m = ipv6Bytes(mask);
	for (let i = 0; i < 16; i++) a[i] = (a[i] ?? 0) & (m[i] ?? 0);
	return ipv6TextOf(a);
}
