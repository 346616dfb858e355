/**
 * Shared by the target modules: options as a name → arguments lookup, with
 * every option the target does not know reported (iptables refuses those).
 */
import {
	type ModuleDiagnostic,
	parseValueMask as parseMatchValueMask,
	parseUnsigned,
	type ValueMask,
} from "../match/option-values.js";
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

/** strtoul(…, 0): decimal, 0x hex or 0 octal (the match helpers' parser). */
export function parseNumber(text: string | undefined): number | undefined {
	return text === undefined ? undefined : parseUnsigned(text);
}

/** `v` or `v/m` as value and mask (mask defaults to all ones). */
export function parseValueMask(
	text: string | undefined,
	fullMask = 0xffffffff,
): ValueMask | undefined {
	return text === undefined ? undefined : parseMatchValueMask(text, fullMask);
}

export const hex = (value: number): string => `0x${(value >>> 0).toString(16)}`;

/**
 * iptables' option table marks some options as excluding each other
 * (`--set-xmark` with `--or-mark`): a second one given is refused with
 * `option "--a" cannot be used together with "--b"`.
 */
export function exclusive(
	o: OptionLookup,
	names: readonly string[],
	target: string,
): void {
	const given = names.filter((name) => o.has(name));
	const [first, second] = given;
	if (first === undefined || second === undefined) return;
	o.diagnostics.push(
		badValue(
			o.option(second),
			`${target}: option "${first}" cannot be used together with "${second}"`,
		),
	);
}
