/**
 * IPv6 addresses in the kernel's log spelling (`Ipv6Text`: eight groups of
 * four lowercase hex digits), the form packets carry: equal addresses are
 * equal strings, so tuples, maps and LOG lines use them as they are. Prefix
 * tests and arithmetic go through the 16 bytes.
 */
import type { Ipv6Text } from "../model/packet.js";
import { parseIpv6 } from "./ipv6.js";

const fullForm = /^[0-9a-f]{4}(?::[0-9a-f]{4}){7}$/;

/** The kernel spelling of 16 address bytes. */
export function ipv6TextOf(bytes: Uint8Array): Ipv6Text {
	let s = "";
	for (let i = 0; i < 16; i += 2) {
		if (i) s += ":";
		s += (((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0))
			.toString(16)
			.padStart(4, "0");
	}
	return s;
}

/** Reads any IPv6 spelling (`fd00:2::3`, the full form); undefined when malformed. */
export function readIpv6Text(text: string): Ipv6Text | undefined {
	const lower = text.toLowerCase();
	if (fullForm.test(lower)) return lower;
	const bytes = parseIpv6(lower);
	return bytes === undefined ? undefined : ipv6TextOf(bytes);
}

/** The 16 bytes of an address in the kernel spelling. */
export function ipv6Bytes(address: Ipv6Text): Uint8Array {
	const bytes = new Uint8Array(16);
	for (let g = 0; g < 8; g++) {
		const value = Number.parseInt(address.slice(g * 5, g * 5 + 4), 16);
		bytes[g * 2] = value >> 8;
		bytes[g * 2 + 1] = value & 0xff;
	}
	return bytes;
}

/** `address & mask == network` (the network already masked). */
export function ipv6InNetwork(
	address: Ipv6Text,
	network: Uint8Array,
	mask: Uint8Array,
): boolean {
	const bytes = ipv6Bytes(address);
	for (let i = 0; i < 16; i++)
		if (((bytes[i] ?? 0) & (mask[i] ?? 0)) !== network[i]) return false;
	return true;
}

/** True when the first `prefix` bits of two addresses agree. */
export function ipv6SamePrefix(
	a: Ipv6Text,
	b: Ipv6Text,
	prefix: number,
): boolean {
	const x = ipv6Bytes(a);
	const y = ipv6Bytes(b);
	for (let bit = 0; bit < prefix; bit += 8) {
		const take = Math.min(8, prefix - bit);
		const mask = (0xff << (8 - take)) & 0xff;
		const i = bit >> 3;
		if (((x[i] ?? 0) & mask) !== ((y[i] ?? 0) & mask)) return false;
	}
	return true;
}

/** The short spelling (`fd00:2::3`) for people. */
export function shortIpv6(address: Ipv6Text): string {
	const groups = address.split(":").map((g) => g.replace(/^0+(?=.)/, ""));
	let best = -1;
	let bestLength = 1;
	for (let i = 0; i < 8; ) {
		let j = i;
		while (j < 8 && groups[j] === "0") j++;
		if (j - i > bestLength) {
			best = i;
			bestLength = j - i;
		}
		i = j === i ? i + 1 : j;
	}
	if (best === -1) return groups.join(":");
	const head = groups.slice(0, best).join(":");
	const tail = groups.slice(best + bestLength).join(":");
	return `${head}::${tail}`;
}

/** Address scope classes the kernel's ipv6_addr_type tells apart. */
export type Ipv6Class =
	| "unspecified"
	| "loopback"
	| "multicast"
	| "link-local"
	| "global";

export function ipv6Class(address: Ipv6Text): Ipv6Class {
	if (address === "0000:0000:0000:0000:0000:0000:0000:0000")
		return "unspecified";
	if (address === "0000:0000:0000:0000:0000:0000:0000:0001") return "loopback";
	if (address.startsWith("ff")) return "multicast";
	if (/^fe[89ab]/.test(address)) return "link-local";
	return "global";
}

/** ff02::1:ffXX:XXXX: the solicited-node group of an address (RFC 4291 2.7.1). */
export function solicitedNode(address: Ipv6Text): Ipv6Text {
	return `ff02:0000:0000:0000:0000:0001:ff${address.slice(32, 34)}:${address.slice(35)}`;
}
