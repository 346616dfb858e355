/**
 * Shared by the target modules: options as a name → arguments lookup, with
 * every option the target does not know reported (iptables refuses those).
 */
import {
	type ModuleDiagnostic,
	type OptionSpecs,
	parseValueMask as parseMatchValueMask,
	parseUnsigned,
	type ValueMask,
} from "../match/option-values.js";
import type { RawOption } from "../model/ruleset.js";

/**
 * A target's options by name (the last of a name wins, as iptables keeps
 * it), with every option the target does not know reported. A plain list:
 * a target has one to three options, and this runs for every rule line.
 */
export class OptionLookup {
	readonly diagnostics: ModuleDiagnostic[] = [];
	readonly #known: RawOption[] = [];

	constructor(
		options: readonly RawOption[],
		known: readonly string[],
		target: string,
	) {
		for (const option of options) {
			if (known.includes(option.name)) {
				if (this.has(option.name))
					this.diagnostics.push({
						severity: "error",
						code: "repeated-option",
						message: `${target}: option "${option.name}" can only be used once`,
						column: option.column,
						length: Math.max(1, option.name.length),
						fatal: true,
					});
				this.#known.push(option);
				continue;
			}
			this.diagnostics.push({
				severity: "error",
				code: "unknown-option",
				message: `${target}: unknown option "${option.name}"`,
				column: option.column,
				length: Math.max(1, option.name.length),
				fatal: true,
			});
		}
	}

	option(name: string): RawOption | undefined {
		const known = this.#known;
		for (let i = known.length - 1; i >= 0; i--)
			if ((known[i] as RawOption).name === name) return known[i];
		return undefined;
	}

	has(name: string): boolean {
		return this.option(name) !== undefined;
	}

	arg(name: string): string | undefined {
		return this.option(name)?.args[0];
	}
}

export function lookupOptions(
	options: readonly RawOption[],
	known: readonly string[],
	target: string,
): OptionLookup {
	return new OptionLookup(options, known, target);
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

/** Options that take no argument in any target (the rest take one). */
const targetFlags: ReadonlySet<string> = new Set([
	"--random",
	"--random-fully",
	"--persistent",
	"--notrack",
	"--queue-bypass",
	"--fail-open",
	"--queue-cpu-fanout",
	"--save-mark",
	"--restore-mark",
]);

/**
 * The getopt view of a target's options (target types' `optionSpecs`):
 * iptables' flags take no argument, every other option exactly one.
 */
export function targetSpecs(names: readonly string[]): OptionSpecs {
	return Object.fromEntries(
		names.map((name) => [name, { arity: targetFlags.has(name) ? 0 : 1 }]),
	);
}
