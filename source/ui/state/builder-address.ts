/**
 * The builder's addresses in either family: which family a typed address
 * is, whether source and destination agree (one packet is one family), and
 * how an endpoint is written in the short notation (`[fd00:2::3]:45000`).
 */
import type { Family } from "../../engine/index.js";
import { parseIpv4 } from "../../engine/net/ipv4.js";
import { readIpv6Text } from "../../engine/net/ipv6-text.js";

/** The family of a typed address, or undefined when it is neither. */
export function addressFamily(text: string): Family | undefined {
	const value = text.trim();
	if (parseIpv4(value) !== undefined) return "ipv4";
	return value.includes(":") && readIpv6Text(value) !== undefined
		? "ipv6"
		: undefined;
}

/** `10.0.2.3:80`, `[fd00:2::3]:80`, or the bare address without a port. */
export function specEndpoint(
	address: string,
	port: string | undefined,
): string {
	const host = address.trim();
	if (port === undefined) return host;
	return addressFamily(host) === "ipv6"
		? `[${host}]:${port.trim()}`
		: `${host}:${port.trim()}`;
}

/** The builder's fields an address check reads. */
type AddressValues = {
	readonly protocol: string;
	readonly src: string;
	readonly dst: string;
};

/**
 * Why the source or destination cannot be sent, or undefined: not an
 * address, the other end of another family, or a protocol of the other
 * family (ICMP is IPv4's, ICMPv6 IPv6's).
 */
export function addressError(
	id: "src" | "dst",
	values: AddressValues,
): string | undefined {
	const family = addressFamily(values[id]);
	if (family === undefined)
		return "need an IPv4 or IPv6 address, e.g. 10.0.2.3 or fd00:2::3";
	if (values.protocol === "icmp" && family === "ipv6")
		return "ICMP is IPv4's: choose icmp6 for IPv6";
	if (values.protocol === "icmp6" && family === "ipv4")
		return "icmp6 is IPv6's: choose icmp for IPv4";
	const other = addressFamily(values[id === "src" ? "dst" : "src"]);
	if (id === "dst" && other !== undefined && other !== family)
		return "the source is of the other family (one packet, one family)";
	return undefined;
}

/** The family the fields describe (the source's, else the destination's); IPv4 when neither reads. */
export function valuesFamily(values: AddressValues): Family {
	return (
		addressFamily(values.src) ??
		addressFamily(values.dst) ??
		(values.protocol === "icmp6" ? "ipv6" : "ipv4")
	);
}
