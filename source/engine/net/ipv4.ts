/**
 * IPv4 addresses as unsigned 32-bit integers. Hand-written rather than
 * ipaddr.js because the parser calls it for every `-s`/`-d` of 100,000-rule
 * rulesets; ipaddr.js remains the reference in the tests.
 */

/** Parses a dotted quad; undefined when malformed. */
export function parseIpv4(text: string): number | undefined {
	let value = 0;
	let part = 0;
	let digits = 0;
	let dots = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			part = part * 10 + (c - 48);
			digits++;
			if (digits > 3 || part > 255) return undefined;
		} else if (c === 46) {
			if (digits === 0 || dots === 3) return undefined;
			value = value * 256 + part;
			part = 0;
			digits = 0;
			dots++;
		} else {
			return undefined;
		}
	}
	if (digits === 0 || dots !== 3) return undefined;
	return (value * 256 + part) >>> 0;
}

export function formatIpv4(value: number): string {
	return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Netmask for a prefix length 0..32. */
export function prefixToMask(prefix: number): number {
	return prefix <= 0 ? 0 : (0xffffffff << (32 - Math.min(prefix, 32))) >>> 0;
}

/** Prefix length of a contiguous mask, or undefined when the mask has holes. */
export function maskToPrefix(mask: number): number | undefined {
	const m = mask >>> 0;
	const inverted = ~m >>> 0;
	if ((inverted & (inverted + 1)) !== 0) return undefined;
	let prefix = 0;
	for (let bit = 31; bit >= 0 && m & (1 << bit); bit--) prefix++;
	return prefix;
}

export type Ipv4Network = { readonly address: number; readonly mask: number };

/**
 * `a.b.c.d`, `a.b.c.d/len` or `a.b.c.d/m.m.m.m`, as iptables accepts them.
 * The returned address is masked.
 */
export function parseIpv4Network(text: string): Ipv4Network | undefined {
	const slash = text.indexOf("/");
	const address = parseIpv4(slash === -1 ? text : text.slice(0, slash));
	if (address === undefined) return undefined;
	if (slash === -1) return { address, mask: 0xffffffff };
	const maskText = text.slice(slash + 1);
	let mask: number | undefined;
	if (/^\d{1,2}$/.test(maskText)) {
		const prefix = Number(maskText);
		if (prefix > 32) return undefined;
		mask = prefixToMask(prefix);
	} else {
		mask = parseIpv4(maskText);
	}
	if (mask === undefined) return undefined;
	return { address: (address & mask) >>> 0, mask };
}

/** `10.0.0.0/8`, `1.2.3.4/32`, or dotted when the mask is not contiguous. */
export function formatIpv4Network(network: Ipv4Network): string {
	const prefix = maskToPrefix(network.mask);
	const mask = prefix === undefined ? formatIpv4(network.mask) : String(prefix);
	return `${formatIpv4(network.address)}/${mask}`;
}

export function inNetwork(address: number, network: Ipv4Network): boolean {
	return (address & network.mask) >>> 0 === network.address;
}

/**
 * glibc's inet_pton: four decimal parts up to 255, no leading zeros
 * (`10.1.0.08` and `010.1.0.8` are refused). What NAT ranges take.
 */
export function parseInetPton(text: string): number | undefined {
	return /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(text)
		? parseIpv4(text)
		: undefined;
}

/**
 * A number as strtoul(text, NULL, 0) reads a whole word: `0x` hex, a
 * leading `0` octal, else decimal; undefined when any character is left.
 */
export function strtoulBase0(text: string): number | undefined {
	if (/^0[xX][0-9a-fA-F]+$/.test(text)) return Number.parseInt(text, 16);
	if (/^0[0-7]*$/.test(text)) return Number.parseInt(text, 8);
	if (/^[1-9]\d*$/.test(text)) return Number(text);
	return undefined;
}

/** The dot-separated parts of `text` as strtoul reads them, or undefined. */
function numericParts(text: string): number[] | undefined {
	const parts = text.split(".");
	if (parts.length > 4) return undefined;
	const values: number[] = [];
	for (const part of parts) {
		const value = strtoulBase0(part);
		if (value === undefined) return undefined;
		values.push(value);
	}
	return values;
}

/**
 * libxtables' `xtables_numeric_to_ipaddr`: exactly four parts, each read by
 * strtoul base 0 up to 255 (`010.0.0.1` is 8.0.0.1, `08.0.0.1` is refused).
 * What NAT ranges and iprange take, and the first try for `-s`/`-d`.
 */
export function parseXtablesIpv4(text: string): number | undefined {
	const parts = numericParts(text);
	if (parts?.length !== 4 || parts.some((part) => part > 255)) return undefined;
	return parts.reduce((value, part) => value * 256 + part, 0) >>> 0;
}

/**
 * A `-s`/`-d` host as iptables 1.8.9 reads it, measured on Linux 6.18:
 * `xtables_numeric_to_ipaddr`, then the network lookup (glibc reads up to
 * three parts of at most 255 as a network, left-aligned: `10.1` is
 * 10.1.0.0), then `inet_aton` (`10.258` is 10.0.1.2, `256` is 0.0.1.0).
 * Undefined when none reads it (iptables then tries the resolver).
 */
export function parseIpv4Host(text: string): number | undefined {
	const parts = numericParts(text);
	if (parts === undefined) return undefined;
	if (parts.every((part) => part <= 255)) {
		const value = parts.reduce((sum, part) => sum * 256 + part, 0);
		return (value * 256 ** (4 - parts.length)) >>> 0;
	}
	const last = parts.pop() ?? 0;
	if (parts.some((part) => part > 255)) return undefined;
	const rest = 4 - parts.length;
	if (last >= 2 ** (8 * rest)) return undefined;
	const head = parts.reduce((sum, part) => sum * 256 + part, 0);
	return (head * 2 ** (8 * rest) + last) >>> 0;
}
