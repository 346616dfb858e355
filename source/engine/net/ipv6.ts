/**
 * IPv6 addresses and networks for ip6tables `-s`/`-d` (`2001:db8::/32`,
 * `::1`, or a mask written as an address), via ipaddr.js. Addresses are
 * 16-byte arrays in network order.
 */
import ipaddr from "ipaddr.js";

export type Ipv6Network = {
	readonly address: Uint8Array;
	readonly mask: Uint8Array;
	/** Prefix length, or undefined when the mask is not contiguous. */
	readonly prefix: number | undefined;
};

/** Parses one IPv6 address; undefined when malformed. */
export function parseIpv6(text: string): Uint8Array | undefined {
	// inet_pton knows no zone (`fe80::1%eth0`), which ipaddr.js accepts.
	if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return undefined;
	try {
		return Uint8Array.from(ipaddr.IPv6.parse(text).toByteArray());
	} catch {
		return undefined;
	}
}

export function prefixToMask6(prefix: number): Uint8Array {
	const mask = new Uint8Array(16);
	for (let i = 0; i < 16; i++) {
		const bits = Math.max(0, Math.min(8, prefix - i * 8));
		mask[i] = bits === 0 ? 0 : (0xff << (8 - bits)) & 0xff;
	}
	return mask;
}

function maskToPrefix6(mask: Uint8Array): number | undefined {
	let prefix = 0;
	let ended = false;
	for (const byte of mask) {
		for (let bit = 7; bit >= 0; bit--) {
			const set = (byte >> bit) & 1;
			if (set && ended) return undefined;
			if (set) prefix++;
			else ended = true;
		}
	}
	return prefix;
}

/** `addr`, `addr/len` or `addr/mask`; the returned address is masked. */
export function parseIpv6Network(text: string): Ipv6Network | undefined {
	const slash = text.indexOf("/");
	const address = parseIpv6(slash === -1 ? text : text.slice(0, slash));
	if (address === undefined) return undefined;
	let mask: Uint8Array | undefined;
	if (slash === -1) mask = prefixToMask6(128);
	else {
		const maskText = text.slice(slash + 1);
		if (/^\d{1,3}$/.test(maskText)) {
			const prefix = Number(maskText);
			if (prefix > 128) return undefined;
			mask = prefixToMask6(prefix);
		} else mask = parseIpv6(maskText);
	}
	if (mask === undefined) return undefined;
	for (let i = 0; i < 16; i++) address[i] = (address[i] ?? 0) & (mask[i] ?? 0);
	return { address, mask, prefix: maskToPrefix6(mask) };
}

export function formatIpv6(address: Uint8Array): string {
	return ipaddr.fromByteArray(Array.from(address)).toString();
}

/** `2001:db8::/32` as ip6tables-save prints it. */
export function formatIpv6Network(network: Ipv6Network): string {
	const mask =
		network.prefix === undefined
			? formatIpv6(network.mask)
			: String(network.prefix);
	return `${formatIpv6(network.address)}/${mask}`;
}
