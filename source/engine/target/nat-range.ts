/**
 * Parsing NAT ranges as iptables writes them: `[ip[-ip]][:port[-port[/base]]]`
 * for DNAT/SNAT, `port[-port]` for MASQUERADE/REDIRECT `--to-ports`.
 */
import type { ModuleDiagnostic } from "../match/option-values.js";
import type { Family, RawOption } from "../model/ruleset.js";
import { formatAddress, type IpAddress } from "../net/address.js";
import { parseInetPton } from "../net/ipv4.js";
import { readIpv6Text } from "../net/ipv6-text.js";
import { badValue } from "./target-options.js";
import type { NatRange } from "./types.js";

export type RangeFlags = {
	readonly random: boolean;
	readonly randomFully: boolean;
	readonly persistent: boolean;
};

type Ports = { min: number; max: number; base?: number };

function isDigits(text: string): boolean {
	if (text.length === 0) return false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	return true;
}

function parsePorts(text: string): Ports | undefined {
	if (isDigits(text)) {
		const port = Number(text);
		return port > 65535 ? undefined : { min: port, max: port };
	}
	const match = /^(\d+)(?:-(\d+)(?:\/(\d+))?)?$/.exec(text);
	if (!match) return undefined;
	const min = Number(match[1]);
	const max = match[2] === undefined ? min : Number(match[2]);
	const base = match[3] === undefined ? undefined : Number(match[3]);
	// A reversed range is "funky" to iptables: it refuses the rule.
	if (
		min > 65535 ||
		max > 65535 ||
		max < min ||
		(base !== undefined && base > 65535)
	)
		return undefined;
	return base === undefined ? { min, max } : { min, max, base };
}

/** `low[-high]` as iptables reads it (a third `-part` is ignored). */
function parseAddresses(
	text: string,
	family: Family,
): [IpAddress, IpAddress] | undefined {
	const read = (part: string): IpAddress | undefined =>
		family === "ipv6"
			? readIpv6Text(part.replace(/^\[|\]$/g, ""))
			: parseInetPton(part);
	const dash = text.indexOf("-");
	if (dash === -1) {
		const address = read(text);
		return address === undefined ? undefined : [address, address];
	}
	const next = text.indexOf("-", dash + 1);
	const min = read(text.slice(0, dash));
	const max = read(text.slice(dash + 1, next === -1 ? undefined : next));
	return min === undefined || max === undefined ? undefined : [min, max];
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

/**
 * `[ip[-ip]][:ports]` → its address part and its port part (if any); IPv6
 * addresses with ports are bracketed (`[fd00::2]:80`, `[a]-[b]:80-90`).
 */
function splitAddressRange(
	text: string,
	family: Family,
): [string, string | undefined] {
	if (family === "ipv6") {
		const close = text.lastIndexOf("]");
		if (close === -1) return [text, undefined];
		const rest = text.slice(close + 1);
		return [
			text.slice(0, close + 1),
			rest.startsWith(":") ? rest.slice(1) : undefined,
		];
	}
	const colon = text.indexOf(":");
	return colon === -1
		? [text, undefined]
		: [text.slice(0, colon), text.slice(colon + 1)];
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
): boolean | undefined {
	if (!withAddress) return parsePorts(text) === undefined ? undefined : true;
	const [addressPart, portPart] = splitAddressRange(text, family);
	if (addressPart !== "" && parseAddresses(addressPart, family) === undefined)
		return undefined;
	if (portPart === undefined) return false;
	return parsePorts(portPart) === undefined ? undefined : true;
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
	const [addressPart, portPart] = splitAddressRange(text, family);
	let addresses: [IpAddress, IpAddress] | undefined;
	if (addressPart !== "") {
		addresses = parseAddresses(addressPart, family);
		if (addresses === undefined)
			diagnostics.push(
				badValue(option, `${target}: bad IP address "${addressPart}"`),
			);
	}
	let ports: Ports | undefined;
	if (portPart !== undefined) {
		ports = parsePorts(portPart);
		if (!ports)
			diagnostics.push(
				badValue(option, `${target}: bad port range "${portPart}"`),
			);
	}
	return makeRange(flags, addresses, ports);
}

/** `--to-ports a[-b]`. */
export function parsePortRange(
	option: RawOption | undefined,
	flags: RangeFlags,
	diagnostics: ModuleDiagnostic[],
	target: string,
): NatRange {
	const text = option?.args[0];
	if (text === undefined) return { ...flags };
	const ports = parsePorts(text);
	if (!ports) {
		diagnostics.push(badValue(option, `${target}: bad port range "${text}"`));
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
