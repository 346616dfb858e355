/**
 * Parsing NAT ranges as iptables writes them: `[ip[-ip]][:port[-port[/base]]]`
 * for DNAT/SNAT, `port[-port]` for MASQUERADE/REDIRECT `--to-ports`.
 */
import type { ModuleDiagnostic } from "../match/option-values.js";
import type { Family, RawOption } from "../model/ruleset.js";
import { formatAddress, type IpAddress } from "../net/address.js";
import { parseInetPton } from "../net/ipv4.js";
import { readIpv6Text } from "../net/ipv6-text.js";
import { servicePort } from "../net/port-range.js";
import { badValue } from "./target-options.js";
import type { NatRange } from "./types.js";

export type RangeFlags = {
	readonly random: boolean;
	readonly randomFully: boolean;
	readonly persistent: boolean;
};

type Ports = { min: number; max: number; base?: number };

/**
 * xtables_strtoui on a prefix of `text` (strtoumax, base 0: blanks and `+`
 * first, `0x` hex, a leading `0` octal): the value and the rest, or
 * undefined when no number starts there or it is outside [min, max].
 */
function readNumberPrefix(
	text: string,
	min: number,
	max: number,
): { readonly value: number; readonly rest: string } | undefined {
	const found =
		/^[ \t\n\v\f\r]*\+?(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9]\d*))/.exec(text);
	if (found === null) return undefined;
	const [all, hex, octal, decimal] = found;
	const value =
		hex !== undefined
			? Number.parseInt(hex, 16)
			: octal !== undefined
				? Number.parseInt(octal, 8)
				: Number(decimal);
	if (value < min || value > max) return undefined;
	return { value, rest: text.slice(all.length) };
}

/**
 * parse_ports of libxt_NAT.c: `port[-port[/base]]`, the first port (or
 * the base) also a service name; a Ports, or the message iptables stops with.
 */
function parsePorts(text: string): Ports | string {
	let first = readNumberPrefix(text, 0, 65535);
	if (first === undefined) {
		const service = servicePort(text);
		if (service === undefined) return `Port \`${text}' not valid`;
		first = { value: service, rest: "" };
	}
	const min = first.value;
	if (first.rest === "") return { min, max: min };
	if (first.rest.startsWith(":")) return "Invalid port:port syntax - use dash";
	if (!first.rest.startsWith("-"))
		return `Garbage after port value: \`${first.rest}'`;
	const maxText = first.rest.slice(1);
	const second = readNumberPrefix(maxText, 0, 65535);
	if (second === undefined) return `Port \`${maxText}' not valid`;
	// "People are stupid": a reversed range is refused.
	if (second.value < min) return `Port range \`${maxText}' funky`;
	const max = second.value;
	if (second.rest === "") return { min, max };
	if (!second.rest.startsWith("/"))
		return `Garbage after port range: \`${second.rest}'`;
	const baseText = second.rest.slice(1);
	const base =
		readNumberPrefix(baseText, 1, 65535)?.value ?? servicePort(baseText);
	if (base === undefined) return `Port \`${baseText}' not valid`;
	return { min, max, base };
}

/**
 * `low[-high]` as parse_to reads it: split at the first `-`, each side
 * through inet_pton (so `a-b-c` is refused: `b-c` is no address).
 */
function parseAddresses(
	text: string,
	family: Family,
): [IpAddress, IpAddress] | string {
	const read = (part: string): IpAddress | undefined =>
		family === "ipv6" ? readIpv6Text(part) : parseInetPton(part);
	const dash = text.indexOf("-");
	const minText = dash === -1 ? text : text.slice(0, dash);
	const min = read(minText);
	if (min === undefined) return `Bad IP address "${minText}"`;
	if (dash === -1) return [min, min];
	const maxText = text.slice(dash + 1);
	const max = read(maxText);
	return max === undefined ? `Bad IP address "${maxText}"` : [min, max];
}

function makeRange(
	flags: RangeFlags,
	addresses: [IpAddress, IpAddress] | undefined,
	ports: Ports | undefined,
): NatRange {
	const { random, randomFully, persistent } = flags;
	const range: { -readonly [K in keyof NatRange]: NatRange[K] } = {
		random,
		randomFully,
		persistent,
	};
	if (addresses !== undefined) {
		range.minAddress = addresses[0];
		range.maxAddress = addresses[1];
	}
	if (ports !== undefined) {
		range.minPort = ports.min;
		range.maxPort = ports.max;
		if (ports.base !== undefined) range.basePort = ports.base;
	}
	return range;
}

/** A `--to-destination`/`--to-source` text cut where parse_to cuts it. */
type RangeParts =
	| { readonly address?: string; readonly ports?: string }
	| { readonly error: string };

/**
 * parse_to of libxt_NAT.c (iptables 1.8.9): with a `[`, the address runs to
 * the first `]` and the ports follow the first `:` after it (so `[a]-[b]`
 * is no range: its ports would start inside `b`); without one, a single
 * `:` starts the ports and two or more make an IPv6 address. A `:` at the
 * very start or third (`:80`, `[]:80`, also `12:80`) means no address.
 */
function splitAddressRange(text: string, family: Family): RangeParts {
	const open = text.indexOf("[");
	let start = 0;
	let addressEnd: number;
	let colon: number;
	if (open === -1) {
		colon = text.indexOf(":");
		if (colon !== -1 && text.indexOf(":", colon + 1) !== -1) colon = -1;
		addressEnd = colon === -1 ? text.length : colon;
	} else {
		const close = text.indexOf("]", open + 1);
		if (close === -1 || family === "ipv4")
			return { error: "Invalid address format" };
		start = open + 1;
		addressEnd = close;
		colon = text.indexOf(":", close + 1);
	}
	if (colon === -1) return { address: text.slice(start, addressEnd) };
	const ports = text.slice(colon + 1);
	if (colon === 0 || colon === 2) return { ports };
	return { address: text.slice(start, addressEnd), ports };
}

/**
 * Whether a range text sets ports, or undefined when iptables refuses it
 * (the parse says why). `withAddress`: `--to-destination`/`--to-source`
 * text; else `--to-ports` text.
 */
export function rangeSetsPorts(
	text: string,
	withAddress: boolean,
	family: Family,
	baseRefused = false,
): boolean | undefined {
	if (!withAddress) {
		const ports = parsePorts(text);
		return typeof ports === "string" ||
			(baseRefused && ports.base !== undefined)
			? undefined
			: true;
	}
	const parts = splitAddressRange(text, family);
	if ("error" in parts) return undefined;
	if (parts.ports !== undefined && typeof parsePorts(parts.ports) === "string")
		return undefined;
	if (
		parts.address !== undefined &&
		typeof parseAddresses(parts.address, family) === "string"
	)
		return undefined;
	return parts.ports !== undefined;
}

/** `--to-destination` / `--to-source`. */
export function parseAddressRange(
	option: RawOption | undefined,
	flags: RangeFlags,
	diagnostics: ModuleDiagnostic[],
	target: string,
	family: Family,
): NatRange {
	const text = option?.args[0];
	if (text === undefined) return makeRange(flags, undefined, undefined);
	const parts = splitAddressRange(text, family);
	if ("error" in parts) {
		diagnostics.push(badValue(option, `${target}: ${parts.error}`));
		return makeRange(flags, undefined, undefined);
	}
	// parse_to reads the ports first: their error is the one iptables prints.
	let ports: Ports | undefined;
	if (parts.ports !== undefined) {
		const read = parsePorts(parts.ports);
		if (typeof read === "string") {
			diagnostics.push(badValue(option, `${target}: ${read}`));
			return makeRange(flags, undefined, undefined);
		}
		ports = read;
	}
	let addresses: [IpAddress, IpAddress] | undefined;
	if (parts.address !== undefined) {
		const read = parseAddresses(parts.address, family);
		if (typeof read === "string")
			diagnostics.push(badValue(option, `${target}: ${read}`));
		else addresses = read;
	}
	return makeRange(flags, addresses, ports);
}

/** `--to-ports a[-b]`. */
export function parsePortRange(
	option: RawOption | undefined,
	flags: RangeFlags,
	diagnostics: ModuleDiagnostic[],
	target: string,
	baseRefused = false,
): NatRange {
	const text = option?.args[0];
	if (text === undefined) return { ...flags };
	const ports = parsePorts(text);
	if (typeof ports === "string") {
		diagnostics.push(badValue(option, `${target}: ${ports}`));
		return { ...flags };
	}
	// REDIRECT's final check refuses a base port (DNAT_fcheck on its compat
	// range); MASQUERADE has no such check and drops it.
	if (ports.base !== undefined && baseRefused) {
		diagnostics.push(
			badValue(
				option,
				`${target}: Shifted portmap ranges not supported with this kernel`,
			),
		);
		return { ...flags };
	}
	return { ...flags, minPort: ports.min, maxPort: ports.max };
}

export function describeRange(range: NatRange): string {
	const fmt = formatAddress;
	let text = "";
	if (range.minAddress !== undefined) {
		// ip6tables brackets IPv6 addresses followed by ports.
		const bracket =
			typeof range.minAddress === "string" && range.minPort !== undefined;
		const one = (v: IpAddress) => (bracket ? `[${fmt(v)}]` : fmt(v));
		text += one(range.minAddress);
		if (range.maxAddress !== undefined && range.maxAddress !== range.minAddress)
			text += `-${one(range.maxAddress)}`;
	}
	if (range.minPort !== undefined) {
		text += `:${range.minPort}`;
		if (range.maxPort !== undefined && range.maxPort !== range.minPort)
			text += `-${range.maxPort}`;
	}
	if (range.random) text += " random";
	if (range.randomFully) text += " random-fully";
	if (range.persistent) text += " persistent";
	return text;
}
