/**
 * Shared by the target modules: options as a name → arguments lookup, with
 * every option the target does not know reported (iptables refuses those).
 */
import type { ModuleDiagnostic } from "../match/option-values.js";
import type { RawOption } from "../model/ruleset.js";

export type OptionLookup = {
	readonly has: (name: string) => boolean;
	readonly arg: (name: string) => string | undefined;
	readonly option: (name: string) => RawOption | undefined;
	readonly diagnostics: ModuleDiagnostic[];
};

export function lookupOptions(
	options: readonly RawOption[],
	known: readonly string[],
	target: string,
): OptionLookup {
	const diagnostics: ModuleDiagnostic[] = [];
	const byName = new Map<string, RawOption>();
	for (const option of options) {
		if (!known.includes(option.name)) {
			diagnostics.push({
				severity: "error",
				code: "unknown-option",
				message: `${target}: unknown option "${option.name}"`,
				column: option.column,
				length: Math.max(1, option.name.length),
				fatal: true,
			});
			continue;
		}
		byName.set(option.name, option);
	}
	return {
		has: (name) => byName.has(name),
		arg: (name) => byName.get(name)?.args[0],
		option: (name) => byName.get(name),
		diagnostics,
	};
}

export function badValue(
	option: RawOption | undefined,
	message: string,
): ModuleDiagnostic {
	return {
		severity: "error",
		code: "invalid-value",
		message,
		column: option?.column ?? 1,
		length: Math.max(1, option?.name.length ?? 1),
		fatal: true,
	};
}

/** strtoul(…, 0): decimal, 0x hex or 0 octal. */
export function parseNumber(text: string | undefined): number | undefined {
	if (text === undefined || text === "") return undefined;
	const value = /^0x[0-9a-f]+$/i.test(text)
		? Number.parseInt(text.slice(2), 16)
		: /^0[0-7]+$/.test(text)
			? Number.parseInt(text, 8)
			: /^\d+$/.test(text)
				? Number(text)
				: Number.NaN;
	return Number.isFinite(value) && value <= 0xffffffff ? value : undefined;
}

/** `v` or `v/m` as value and mask (mask defaults to all ones). */
export function parseValueMask(
	text: string | undefined,
	fullMask = 0xffffffff,
): { value: number; mask: number } | undefined {
	if (text === undefined) return undefined;
	const [v, m] = text.split("/");
	const value = parseNumber(v);
	const mask = m === undefined ? fullMask : parseNumber(m);
	if (value === undefined || mask === undefined) return undefined;
	return { value: value >>> 0, mask: mask >>> 0 };
}

export const hex = (value: number): string => `0x${(value >>> 0).toString(16)}`;
