/**
 * Values of the fixed rule header: `-s`/`-d` addresses, `-i`/`-o`
 * interfaces, `-p` protocol. Each returns a typed test or a message saying
 * why iptables would refuse it.
 */
import type {
	AddressTest,
	Family,
	InterfaceTest,
	ProtocolTest,
} from "../model/ruleset.js";
import {
	formatIpv4,
	maskToPrefix,
	parseIpv4Host,
	parseXtablesIpv4,
	prefixToMask,
	strtoulBase0,
} from "../net/ipv4.js";
import { formatIpv6Network, parseIpv6Network } from "../net/ipv6.js";
import { parseProtocol } from "../net/protocol.js";

export type HeaderValue<T> =
	| { readonly ok: true; readonly value: T; readonly warning?: string }
	| { readonly ok: false; readonly message: string };

const hostnamePattern =
	/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * The part after `/`: a dotted mask (xtables_numeric_to_ipaddr) or a
 * prefix length read by strtoul base 0 (`/010` is /8).
 */
function ipv4Mask(text: string): number | undefined {
	const length = text.length;
	// A prefix length: one or two digits (a loop: a regex per rule costs).
	if (
		(length === 1 || length === 2) &&
		isDigit(text.charCodeAt(0)) &&
		(length === 1 || isDigit(text.charCodeAt(1))) &&
		(length === 1 || text.charCodeAt(0) !== 48)
	) {
		const prefix = Number(text);
		return prefix > 32 ? undefined : prefixToMask(prefix);
	}
	if (text.includes(".")) return parseXtablesIpv4(text);
	const prefix = strtoulBase0(text);
	return prefix === undefined || prefix > 32 ? undefined : prefixToMask(prefix);
}

function ipv4Text(address: number, mask: number): string {
	const prefix = maskToPrefix(mask);
	const maskText = prefix === undefined ? formatIpv4(mask) : String(prefix);
	return `${formatIpv4(address)}/${maskText}`;
}

/**
 * True when `text` (already parsed as a dotted quad with host bits clear)
 * is written exactly as iptables-save prints it: `a.b.c.d/len`, no leading
 * zeros. The parser then keeps the text instead of building it again.
 */
function isCanonicalIpv4(text: string, slash: number): boolean {
	if (slash === -1 || slash === text.length - 1) return false;
	let digitsBefore = 0;
	let dots = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 46 || c === 47) {
			if (c === 46) dots++;
			digitsBefore = 0;
			continue;
		}
		if (c < 48 || c > 57) return false;
		if (digitsBefore === 1 && text.charCodeAt(i - 1) === 48) return false;
		digitsBefore++;
	}
	return dots === 3 && text.length - slash - 1 <= 2;
}

/** The address of `a.b.c.d/len` as read by canonicalNetwork (then its prefix). */
let canonicalAddress = 0;

/**
 * The prefix length of `text` when it is a network exactly as iptables-save
 * prints it (`a.b.c.d/len`, no leading zeros, host bits clear), read in one
 * pass; -1 for anything else (ipv4Address reads that in full).
 */
function canonicalNetwork(text: string): number {
	let address = 0;
	let part = 0;
	let digits = 0;
	let dots = 0;
	let i = 0;
	for (; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (isDigit(c)) {
			if (digits === 1 && part === 0) return -1;
			part = part * 10 + (c - 48);
			if (++digits > 3 || part > 255) return -1;
		} else if (c === 46 && digits > 0 && dots < 3) {
			address = address * 256 + part;
			part = 0;
			digits = 0;
			dots++;
		} else break;
	}
	if (dots !== 3 || digits === 0 || text.charCodeAt(i) !== 47) return -1;
	const length = text.length - i - 1;
	const first = text.charCodeAt(i + 1);
	const second = length === 2 ? text.charCodeAt(i + 2) : 48;
	if (length < 1 || length > 2 || !isDigit(first) || !isDigit(second))
		return -1;
	if (length === 2 && first === 48) return -1;
	const prefix = length === 1 ? first - 48 : (first - 48) * 10 + second - 48;
	if (prefix > 32) return -1;
	address = (address * 256 + part) >>> 0;
	if ((address & prefixToMask(prefix)) >>> 0 !== address) return -1;
	canonicalAddress = address;
	return prefix;
}

function ipv4Address(text: string, invert: boolean): HeaderValue<AddressTest> {
	const prefix = canonicalNetwork(text);
	if (prefix !== -1) {
		const value: AddressTest = {
			family: "ipv4",
			addr: canonicalAddress,
			mask: prefixToMask(prefix),
			invert,
			text,
		};
		return { ok: true, value };
	}
	const slash = text.indexOf("/");
	const hostText = slash === -1 ? text : text.slice(0, slash);
	let mask = 0xffffffff;
	if (slash !== -1) {
		const parsed = ipv4Mask(text.slice(slash + 1));
		if (parsed === undefined)
			return {
				ok: false,
				message: `invalid mask \`${text.slice(slash + 1)}' specified`,
			};
		mask = parsed;
	}
	let addr = parseIpv4Host(hostText);
	let warning: string | undefined;
	if (addr === undefined) {
		// A name whose last label is a number is no host name (RFC 1123):
		// the resolver finds nothing and iptables refuses it.
		if (
			/^[\d.]*$/.test(hostText) ||
			/(^|\.)\d+\.?$/.test(hostText) ||
			!hostnamePattern.test(hostText)
		)
			return { ok: false, message: `host/network \`${hostText}' not found` };
		if (hostText !== "localhost")
			warning = `host name \`${hostText}' is not resolved by iptx (iptables resolves it when loading); treated as 0.0.0.0`;
		addr = hostText === "localhost" ? 0x7f000001 : 0;
	}
	const masked = (addr & mask) >>> 0;
	const value: AddressTest = {
		family: "ipv4",
		addr: masked,
		mask,
		invert,
		text:
			masked === addr && isCanonicalIpv4(text, slash)
				? text
				: ipv4Text(masked, mask),
	};
	return warning === undefined
		? { ok: true, value }
		: { ok: true, value, warning };
}

function ipv6Address(text: string, invert: boolean): HeaderValue<AddressTest> {
	const network = parseIpv6Network(text);
	if (network === undefined) {
		const slash = text.indexOf("/");
		return {
			ok: false,
			message: `host/network \`${slash === -1 ? text : text.slice(0, slash)}' not found`,
		};
	}
	return {
		ok: true,
		value: {
			family: "ipv6",
			addr: 0,
			mask: 0,
			addr6: network.address,
			mask6: network.mask,
			invert,
			text: formatIpv6Network(network),
		},
	};
}

/** One `-s`/`-d` value (a single address; the caller splits comma lists). */
export function parseAddress(
	text: string,
	family: Family,
	invert: boolean,
): HeaderValue<AddressTest> {
	return family === "ipv4"
		? ipv4Address(text, invert)
		: ipv6Address(text, invert);
}

/** Max interface name length: IFNAMSIZ - 1. */
const maxInterface = 15;

/** `-i`/`-o` value: up to 15 characters, `+` at the end is a prefix match. */
export function parseInterface(
	text: string,
	invert: boolean,
): HeaderValue<InterfaceTest> {
	if (text === "")
		return { ok: false, message: "Empty interface is likely to be undesired" };
	if (text.length > maxInterface)
		return {
			ok: false,
			message: `interface name \`${text}' must be shorter than IFNAMSIZ (15)`,
		};
	const wildcard = text.endsWith("+");
	const value = { name: wildcard ? text.slice(0, -1) : text, wildcard, invert };
	if (/[/ ]/.test(text))
		return {
			ok: true,
			value,
			warning: `weird character in interface \`${text}' ('/' and ' ' are not allowed by the kernel)`,
		};
	return { ok: true, value };
}

/** Protocol tests by text, one per `!`: every `-p tcp` shares one object. */
const protocolTests = [
	new Map<string, ProtocolTest>(),
	new Map<string, ProtocolTest>(),
] as const;

/** Distinct `-p` texts kept (a bound against files of random garbage). */
const protocolCacheSize = 64;

/** `-p` value: a name or number, lowercased as iptables does. */
export function parseProtocolValue(
	text: string,
	invert: boolean,
): HeaderValue<ProtocolTest> {
	const cache = protocolTests[invert ? 1 : 0];
	const cached = cache.get(text);
	if (cached !== undefined) return { ok: true, value: cached };
	const lower = text.toLowerCase();
	const number = parseProtocol(lower);
	if (number === undefined)
		return { ok: false, message: `unknown protocol "${text}" specified` };
	if (number === 0 && invert)
		return { ok: false, message: "rule would never match protocol" };
	const value: ProtocolTest = { number, text: lower, invert };
	if (cache.size < protocolCacheSize) cache.set(text, value);
	return { ok: true, value };
}
