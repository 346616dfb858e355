/**
 * An address of either family as packets carry it (IPv4: a 32-bit number;
 * IPv6: the kernel's full spelling), written for people.
 */
import type { Ipv6Text } from "../model/packet.js";
import { formatIpv4 } from "./ipv4.js";
import { shortIpv6 } from "./ipv6-text.js";

export type IpAddress = number | Ipv6Text;

/** `10.0.2.3` or `fd00:2::3`. */
export function formatAddress(address: IpAddress): string {
	return typeof address === "number" ? formatIpv4(address) : shortIpv6(address);
}

/** `10.0.2.3:80` or `[fd00:2::3]:80`; the bare address without a port. */
export function formatEndpoint(
	address: IpAddress,
	port: number | undefined,
): string {
	if (port === undefined) return formatAddress(address);
	return typeof address === "number"
		? `${formatIpv4(address)}:${port}`
		: `[${shortIpv6(address)}]:${port}`;
}

/**
 * Orders two addresses of one family (an IPv6 kernel spelling is fixed
 * width, so text order is numeric order); IPv4 sorts before IPv6.
 */
export function compareAddress(a: IpAddress, b: IpAddress): number {
	if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
	return typeof a === "number" ? -1 : 1;
}
