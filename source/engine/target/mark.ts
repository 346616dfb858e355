/**
 * `-j MARK` (xt_mark.c): new mark = (old & ~mask) ^ value. Every spelling
 * (--set-mark, --and-mark, --or-mark, --xor-mark) maps to --set-xmark.
 */

import type { QuickOptions } from "../match/types.js";
import {
	badValue,
	exclusive,
	hex,
	lookupOptions,
	type OptionLookup,
	parseNumber,
	parseValueMask,
	targetSpecs,
} from "./target-options.js";
import type { TargetModule } from "./types.js";

export type XMark = { readonly value: number; readonly mask: number };

/** The (value, mask) pair the kernel gets for each userspace spelling. */
export function readXMark(o: OptionLookup, target: string): XMark {
	const set = parseValueMask(o.arg("--set-xmark"));
	if (set) return set;
	const plain = o.arg("--set-mark");
	if (plain !== undefined) {
		const parsed = parseValueMask(plain);
		if (parsed)
			return plain.includes("/")
				? { value: parsed.value, mask: (parsed.mask | parsed.value) >>> 0 }
				: parsed;
	}
	const and = parseNumber(o.arg("--and-mark"));
	if (and !== undefined) return { value: 0, mask: ~and >>> 0 };
	const or = parseNumber(o.arg("--or-mark"));
	if (or !== undefined) return { value: or, mask: or };
	const xor = parseNumber(o.arg("--xor-mark"));
	if (xor !== undefined) return { value: xor, mask: 0 };
	o.diagnostics.push(
		badValue(
			undefined,
			`${target}: one of --set-xmark, --set-mark, --and-mark, --or-mark or --xor-mark is required`,
		),
	);
	return { value: 0, mask: 0 };
}

export const applyXMark = (old: number, x: XMark): number =>
	((old & ~x.mask) ^ x.value) >>> 0;

const options = [
	"--set-xmark",
	"--set-mark",
	"--and-mark",
	"--or-mark",
	"--xor-mark",
];

/** One of the mark options, with a value (and mask) iptables reads. */
function quickXMark(given: QuickOptions): boolean {
	if (given.count !== 1 || given.argCount(0) !== 1 || given.inverted(0))
		return false;
	const name = given.name(0);
	const text = given.arg(0);
	return name === "--set-xmark" || name === "--set-mark"
		? parseValueMask(text) !== undefined
		: parseNumber(text) !== undefined;
}

export const markTarget: TargetModule<XMark> = {
	name: "MARK",
	optionNames: options,
	optionSpecs: targetSpecs(options),
	quickCheck: quickXMark,
	parse: (raw) => {
		const o = lookupOptions(raw, options, "MARK");
		exclusive(o, options, "MARK");
		return { data: readXMark(o, "MARK"), diagnostics: o.diagnostics };
	},
	apply: (data, context) => ({
		effect: { kind: "continue" },
		changes: { mark: applyXMark(context.meta.mark, data) },
	}),
	describe: (data) => `MARK xset ${hex(data.value)}/${hex(data.mask)}`,
};
