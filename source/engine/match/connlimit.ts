/**
 * `-m connlimit` (xt_connlimit.c): counts the host's connections per masked
 * source (or destination) address. The engine sees one packet's connection,
 * not the whole table, so the match is `unknown` (options are kept and
 * checked).
 */

import { parseIpv4Network } from "../net/ipv4.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	type OptionSpecs,
	optionError,
	parseDecimal,
	parseUnsigned,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type ConnlimitData = {
	readonly limit: number;
	/** `above` matches when the count exceeds the limit; `upto` when it does not. */
	readonly mode: "above" | "upto";
	readonly mask: number;
	readonly side: "saddr" | "daddr";
};

const specs: OptionSpecs = {
	"--connlimit-upto": { arity: 1 },
	"--connlimit-above": { arity: 1, invert: true },
	"--connlimit-mask": { arity: 1 },
	"--connlimit-saddr": { arity: 0 },
	"--connlimit-daddr": { arity: 0 },
};

/**
 * `--connlimit-mask` as iptables 1.8.9 reads it: a prefix length in C
 * notation or (IPv4) a contiguous dotted netmask. For IPv4 any length up to
 * 2³²−1 is taken and stored as 32 (`--connlimit-mask 33` loads as /32); for
 * IPv6 the limit is 128.
 */
export function parseConnlimitMask(
	text: string,
	family: "ipv4" | "ipv6",
): number | undefined {
	if (family === "ipv4" && text.includes(".")) {
		const mask = parseIpv4Network(`0.0.0.0/${text}`)?.mask;
		if (mask === undefined) return undefined;
		const bits = mask.toString(2).padStart(32, "0");
		// A non-contiguous mask loads too; iptables-save then shows /32.
		return /^1*0*$/.test(bits)
			? bits.indexOf("0") === -1
				? 32
				: bits.indexOf("0")
			: 32;
	}
	const value = parseUnsigned(text);
	if (value === undefined) return undefined;
	if (family === "ipv4") return Math.min(value, 32);
	return value <= 128 ? value : undefined;
}

export const connlimitMatch: MatchModule<ConnlimitData> = {
	/** Addresses are read as IPv4 (IPv6 not modelled yet). */
	evaluates: ["ipv4"],
	name: "connlimit",
	required: ["--connlimit-above", "--connlimit-upto"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		const full = context.family === "ipv4" ? 32 : 128;
		let data: ConnlimitData = {
			limit: 0,
			mode: "above",
			mask: full,
			side: "saddr",
		};
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			if (
				option.name === "--connlimit-saddr" ||
				option.name === "--connlimit-daddr"
			) {
				data = {
					...data,
					side: option.name.endsWith("saddr") ? "saddr" : "daddr",
				};
				continue;
			}
			const value =
				option.name === "--connlimit-mask"
					? parseConnlimitMask(text, context.family)
					: parseDecimal(text, 0xffffffff);
			if (value === undefined)
				diagnostics.push(
					optionError(option, `bad value "${text}" for ${option.name}`),
				);
			else if (option.name === "--connlimit-mask")
				data = { ...data, mask: value };
			else {
				const above =
					option.name === "--connlimit-above" ? !option.invert : false;
				data = { ...data, limit: value, mode: above ? "above" : "upto" };
			}
		}
		return { data, diagnostics };
	},
	evaluate: (data) =>
		unknownOutcome(
			`connlimit needs the number of connections per /${data.mask} ${data.side === "saddr" ? "source" : "destination"}, which the simulation does not track`,
		),
	describe: (data) =>
		`#conn ${data.side === "saddr" ? "src" : "dst"}/${data.mask} ${data.mode === "above" ? ">" : "<="} ${data.limit}`,
};
