/**
 * Targets that rewrite IP header fields and continue: TTL and HL (mangle only),
 * TOS and DSCP (mangle only).
 */

import { parseDscpClass, tosNames } from "../match/tos-values.js";
import {
	badValue,
	hex,
	lookupOptions,
	parseNumber,
	parseValueMask,
	targetSpecs,
} from "./target-options.js";
import type { TargetModule } from "./types.js";

type TtlData = { readonly op: "set" | "dec" | "inc"; readonly value: number };

/** TTL (libipt_TTL, IPv4) and HL (libip6t_HL, IPv6): the same rewrite of the hop count. */
function hopTarget(
	name: "TTL" | "HL",
	prefix: "--ttl-" | "--hl-",
): TargetModule<TtlData> {
	const options = [`${prefix}set`, `${prefix}dec`, `${prefix}inc`];
	return {
		name,
		optionNames: options,
		optionSpecs: targetSpecs(options),
		tables: ["mangle"],
		parse: (raw) => {
			const o = lookupOptions(raw, options, name);
			const op = o.has(`${prefix}set`)
				? "set"
				: o.has(`${prefix}dec`)
					? "dec"
					: "inc";
			const value = parseNumber(o.arg(`${prefix}${op}`));
			// --*-set takes 0-255, --*-dec/--*-inc 1-255.
			const min = op === "set" ? 0 : 1;
			if (value === undefined || value > 255 || value < min)
				o.diagnostics.push(
					badValue(
						o.option(`${prefix}${op}`),
						`${name}: bad value for option "${prefix}${op}", or out of range (${min}-255)`,
					),
				);
			return { data: { op, value: value ?? 0 }, diagnostics: o.diagnostics };
		},
		apply: (data, context) => {
			const ttl = context.packet.ttl;
			const next =
				data.op === "set"
					? data.value
					: data.op === "dec"
						? Math.max(0, ttl - data.value)
						: Math.min(255, ttl + data.value);
			return { effect: { kind: "continue" }, changes: { ttl: next } };
		},
		describe: (data) => `${name} ${data.op} ${data.value}`,
	};
}

export const ttlTarget = hopTarget("TTL", "--ttl-");
export const hlTarget = hopTarget("HL", "--hl-");

type TosData = { readonly value: number; readonly mask: number };

const tosOptions = ["--set-tos", "--and-tos", "--or-tos", "--xor-tos"];

export const tosTarget: TargetModule<TosData> = {
	name: "TOS",
	optionNames: tosOptions,
	optionSpecs: targetSpecs(tosOptions),
	tables: ["mangle"],
	parse: (raw) => {
		const o = lookupOptions(raw, tosOptions, "TOS");
		let data: TosData | undefined;
		const set = o.arg("--set-tos");
		if (set !== undefined) {
			const named = tosNames[set.toLowerCase()];
			data =
				named === undefined
					? parseValueMask(set, 0xff)
					: { value: named, mask: 0x3f };
		} else if (o.has("--and-tos"))
			data = { value: 0, mask: ~(parseNumber(o.arg("--and-tos")) ?? 0) & 0xff };
		else if (o.has("--or-tos"))
			data = {
				value: parseNumber(o.arg("--or-tos")) ?? 0,
				mask: parseNumber(o.arg("--or-tos")) ?? 0,
			};
		else if (o.has("--xor-tos"))
			data = { value: parseNumber(o.arg("--xor-tos")) ?? 0, mask: 0 };
		if (!data)
			o.diagnostics.push(
				badValue(
					undefined,
					"TOS: a --set-tos/--and-tos/--or-tos/--xor-tos value is required",
				),
			);
		return { data: data ?? { value: 0, mask: 0 }, diagnostics: o.diagnostics };
	},
	apply: (data, context) => ({
		effect: { kind: "continue" },
		changes: { tos: ((context.packet.tos & ~data.mask) ^ data.value) & 0xff },
	}),
	describe: (data) => `TOS set ${hex(data.value)}/${hex(data.mask)}`,
};

export const dscpTarget: TargetModule<{ readonly dscp: number }> = {
	name: "DSCP",
	optionNames: ["--set-dscp", "--set-dscp-class"],
	optionSpecs: targetSpecs(["--set-dscp", "--set-dscp-class"]),
	tables: ["mangle"],
	parse: (raw) => {
		const o = lookupOptions(raw, ["--set-dscp", "--set-dscp-class"], "DSCP");
		const className = o.arg("--set-dscp-class");
		const dscp =
			className === undefined
				? parseNumber(o.arg("--set-dscp"))
				: parseDscpClass(className);
		if (dscp === undefined || dscp > 63)
			o.diagnostics.push(
				badValue(
					o.option("--set-dscp") ?? o.option("--set-dscp-class"),
					"DSCP: a value 0-63 or a class is required",
				),
			);
		return { data: { dscp: dscp ?? 0 }, diagnostics: o.diagnostics };
	},
	apply: (data, context) => ({
		effect: { kind: "continue" },
		changes: { tos: ((context.packet.tos & 0x03) | (data.dscp << 2)) & 0xff },
	}),
	describe: (data) => `DSCP set ${hex(data.dscp)}`,
};
