/**
 * Parsing NAT ranges as iptables writes them: `[ip[-ip]][:port[-port[/base]]]`
 * for DNAT/SNAT, `port[-port]` for MASQUERADE/REDIRECT `--to-ports`.
 */
import type { ModuleDiagnostic } from "../match/option-values.js";
import type { RawOption } from "../model/ruleset.js";
import { parseIpv4 } from "../net/ipv4.js";
import { badValue } from "./target-options.js";
import type { NatRange } from "./types.js";

export type RangeFlags = {
	readonly random: boolean;
	readonly randomFully: boolean;
	readonly persistent: boolean;
};

function parsePorts(
	text: string,
): { min: number; max: number; base?: number } | undefined {
	const match = /^(\d+)(?:-(\d+)(?:\/(\d+))?)?$/.exec(text);
	if (!match) return undefined;
	const min = Number(match[1]);
	const max = match[2] === undefined ? min : Number(match[2]);
	const base = match[3] === undefined ? undefined : Number(match[3]);
	if (min > 65535 || max > 65535 || (base !== undefined && base > 65535))
		return undefined;
	return base === undefined ? { min, max } : { min, max, base };
}

/** `--to-destination` / `--to-source`. */
export function parseAddressRange(
	option: RawOption | undefined,
	flags: RangeFlags,
	diagnostics: ModuleDiagnostic[],
	target: string,
): NatRange {
	const range: NatRange = { ...flags };
	const text = option?.args[0];
	if (text === undefined) return range;
	const colon = text.indexOf(":");
	const addressPart = colon === -1 ? text : text.slice(0, colon);
	const portPart = colon === -1 ? undefined : text.slice(colon + 1);
	let result: NatRange = range;
	if (addressPart !== "") {
		const [low, high] = addressPart.split("-");
		const min = parseIpv4(low ?? "");
		const max = high === undefined ? min : parseIpv4(high);
		if (min === undefined || max === undefined) {
			diagnostics.push(
				badValue(option, `${target}: bad IP address "${addressPart}"`),
			);
		} else {
			result = { ...result, minAddress: min, maxAddress: max };
		}
	}
	if (portPart !== undefined) {
		const ports = parsePorts(portPart);
		if (!ports)
			diagnostics.push(
				badValue(option, `${target}: bad port range "${portPart}"`),
			);
		else
			result = {
				...result,
				minPort: ports.min,
				maxPort: ports.max,
				...(ports.base === undefined ? {} : { basePort: ports.base }),
			};
	}
	return result;
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
	const fmt = (v: number) =>
		`${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
	let text = "";
	if (range.minAddress !== undefined) {
		text += fmt(range.minAddress);
		if (range.maxAddress !== undefined && range.maxAddress !== range.minAddress)
			text += `-${fmt(range.maxAddress)}`;
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
