/**
 * Parsing helpers shared by every match and target module: option checking
 * (names, arity, `!`), numbers as iptables reads them (strtoul base 0), port
 * ranges, value/mask pairs, comma lists, and the three-valued outcome helpers.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { RawOption } from "../model/ruleset.js";
import type { MatchOutcome } from "./types.js";

/** A diagnostic before the parser adds `source` and `line`. */
export type ModuleDiagnostic = Omit<Diagnostic, "source" | "line">;

/** How many arguments an option takes and whether `!` may precede it. */
export type OptionSpec = {
	/** Exact count, or `[min, max]`. */
	readonly arity: number | readonly [number, number];
	readonly invert?: boolean;
	/** Canonical name this one is an alias of (`--source-port` → `--sport`). */
	readonly alias?: string;
	/**
	 * May be given more than once in one match (XTOPT_MULTI); any other
	 * option iptables refuses the second time ("can only be used once").
	 */
	readonly multi?: boolean;
};

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export function optionError(
	option: RawOption,
	message: string,
	code = "invalid-value",
): ModuleDiagnostic {
	return {
		severity: "error",
		code,
		message,
		column: option.column,
		length: Math.max(1, option.name.length),
		fatal: true,
	};
}

export function optionWarning(
	option: RawOption,
	message: string,
	code: string,
): ModuleDiagnostic {
	return {
		...optionError(option, message, code),
		severity: "warning",
		fatal: false,
	};
}

/**
 * A diagnostic for the whole match (no single option to point at). Errors
 * from `optionError` are fatal: iptables-restore refuses the file.
 */
export function moduleError(
	column: number,
	message: string,
	code: string,
	fatal = true,
): ModuleDiagnostic {
	return { severity: "error", code, message, column, length: 1, fatal };
}

/**
 * Checks every option against `specs`; unknown names, wrong arity and a `!`
 * where iptables refuses one become diagnostics. Returns the well-formed
 * options, renamed to their canonical names.
 */
export function checkOptions(
	options: readonly RawOption[],
	specs: OptionSpecs,
	diagnostics: ModuleDiagnostic[],
): readonly RawOption[] {
	// The usual all-valid list comes back as it is; a copy is made only from
	// the first option that is dropped or renamed.
	let valid: RawOption[] | undefined;
	for (let i = 0; i < options.length; i++) {
		const option = options[i] as RawOption;
		const spec = specs[option.name];
		const problem =
			optionProblem(option, spec) ??
			(i > 0 ? repeatProblem(options, i, specs) : undefined);
		if (problem === undefined && spec?.alias === undefined) {
			valid?.push(option);
			continue;
		}
		valid ??= options.slice(0, i);
		if (problem !== undefined) diagnostics.push(problem);
		else if (spec?.alias !== undefined)
			valid.push({ ...option, name: spec.alias });
	}
	return valid ?? options;
}

/**
 * Option `i` again (by its canonical name), when iptables takes it only
 * once: x6 modules say "can only be used once", the older ones "Only one".
 */
function repeatProblem(
	options: readonly RawOption[],
	i: number,
	specs: OptionSpecs,
): ModuleDiagnostic | undefined {
	const option = options[i] as RawOption;
	const spec = specs[option.name];
	if (spec === undefined || spec.multi === true) return undefined;
	const name = spec.alias ?? option.name;
	for (let k = 0; k < i; k++) {
		const earlier = (options[k] as RawOption).name;
		if (earlier === name || specs[earlier]?.alias === name)
			return optionError(
				option,
				`option "${name}" can only be used once`,
				"repeated-option",
			);
	}
	return undefined;
}

/** What is wrong with one option: unknown, wrong arity or a refused `!`. */
function optionProblem(
	option: RawOption,
	spec: OptionSpec | undefined,
): ModuleDiagnostic | undefined {
	if (spec === undefined)
		return optionError(
			option,
			`unknown option "${option.name}"`,
			"unknown-option",
		);
	const { arity } = spec;
	const min = typeof arity === "number" ? arity : arity[0];
	const max = typeof arity === "number" ? arity : arity[1];
	const count = option.args.length;
	if (count < min || count > max)
		return optionError(
			option,
			count < min
				? `option "${option.name}" requires ${min === 1 ? "an argument" : `${min} arguments`}`
				: `option "${option.name}" takes ${max === 0 ? "no argument" : `at most ${max} argument(s)`}`,
			"option-arity",
		);
	if (option.invert && spec.invert !== true)
		return optionError(
			option,
			`option "${option.name}" cannot be inverted`,
			"invalid-invert",
		);
	return undefined;
}

/**
 * The column of a module's first option (1 when it has none): where a
 * problem of the whole module is shown. (An index test, not `[0]?.`:
 * reading past the end of an empty list deoptimizes the parse.)
 */
export function firstColumn(options: readonly RawOption[]): number {
	return options.length > 0 ? (options[0] as RawOption).column : 1;
}

/** Unsigned integer as strtoul(…, 0) reads it: decimal, `0x` hex or `0` octal. */
export function parseUnsigned(
	text: string,
	max = 0xffffffff,
): number | undefined {
	let value: number;
	if (/^0x[0-9a-f]+$/i.test(text)) value = Number.parseInt(text.slice(2), 16);
	else if (/^0[0-7]+$/.test(text)) value = Number.parseInt(text.slice(1), 8);
	else if (/^\d+$/.test(text)) value = Number(text);
	else return undefined;
	return value <= max ? value : undefined;
}

/** Plain decimal integer (iptables' XTTYPE_UINT* for counts and times). */
export function parseDecimal(text: string, max: number): number | undefined {
	if (!/^\d+$/.test(text)) return undefined;
	const value = Number(text);
	return value <= max ? value : undefined;
}

export type ValueMask = { readonly value: number; readonly mask: number };

/** `value[/mask]`; the mask defaults to all ones of the given width. */
export function parseValueMask(
	text: string,
	max = 0xffffffff,
): ValueMask | undefined {
	const slash = text.indexOf("/");
	const value = parseUnsigned(slash === -1 ? text : text.slice(0, slash), max);
	if (value === undefined) return undefined;
	if (slash === -1) return { value, mask: max };
	const mask = parseUnsigned(text.slice(slash + 1), max);
	return mask === undefined ? undefined : { value, mask };
}

/** `0x1/0xffffffff` as iptables prints marks. */
export function formatValueMask(v: ValueMask, full = 0xffffffff): string {
	const value = `0x${(v.value >>> 0).toString(16)}`;
	return v.mask === full ? value : `${value}/0x${(v.mask >>> 0).toString(16)}`;
}

/**
 * `a,b,c` → items; empty items are dropped, as modules that read their
 * list with strtok do (tcp flags, hashlimit modes, set flags).
 */
export function splitList(text: string): string[] {
	return text.split(",").filter((item) => item !== "");
}

/**
 * `a,b,c` → items, empty ones kept: modules that walk their list with
 * strchr (multiport, time, conntrack, addrtype) refuse `a,,b` and `a,`.
 */
export function splitItems(text: string): string[] {
	return text.split(",");
}

export const matched: MatchOutcome = { result: "match" };

/** A no-match whose reason nobody reads (`MatchContext.explain` false). */
export const unexplained: MatchOutcome = { result: "no-match" };

export function noMatch(reason: string): MatchOutcome {
	return { result: "no-match", reason };
}

/** A header the match must read is cut short: the kernel drops the packet. */
export function hotdrop(reason: string): MatchOutcome {
	return { result: "no-match", reason, hotdrop: true };
}

export function unknownOutcome(reason: string): MatchOutcome {
	return { result: "unknown", reason };
}

/** One test with its `!`: `reason` explains a failure. */
export function check(
	pass: boolean,
	invert: boolean,
	reason: string,
): MatchOutcome {
	return pass !== invert ? matched : noMatch(invert ? `! ${reason}` : reason);
}

/** All tests must hold (Kleene AND): the first no-match wins over unknown. */
export function allOf(outcomes: readonly MatchOutcome[]): MatchOutcome {
	let unknown: MatchOutcome | undefined;
	for (const outcome of outcomes) {
		if (outcome.result === "no-match") return outcome;
		if (outcome.result === "unknown") unknown ??= outcome;
	}
	return unknown ?? matched;
}

/** `!` in front of a description when inverted. */
export function bang(invert: boolean): string {
	return invert ? "!" : "";
}
