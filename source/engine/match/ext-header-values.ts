/**
 * The option values the IPv6 extension-header matches share (ip6t_frag.c,
 * ip6t_rt.c, ip6t_hbh.c): a `[!] N` compared for equality, and a `[!] a[:b]`
 * range of 32-bit ids or segment counts. Read once here, tested the same way
 * by `frag`, `rt`, `hbh` and `dst`.
 */
import type { RawOption } from "../model/ruleset.js";
import {
	type ModuleDiagnostic,
	optionError,
	parseUnsigned,
} from "./option-values.js";

/** `[!] N`: equal to N, or (inverted) anything else. */
export type InvertibleValue = {
	readonly value: number;
	readonly invert: boolean;
};

/** `[!] a[:b]`: within a..b, or (inverted) outside it. */
export type IdRange = {
	readonly min: number;
	readonly max: number;
	readonly invert: boolean;
};

/** True when no test was given or `actual` passes it. */
export const equalsValue = (
	test: InvertibleValue | undefined,
	actual: number,
): boolean => test === undefined || (test.value === actual) !== test.invert;

export const inRange = (value: number, range: IdRange | undefined): boolean =>
	range === undefined ||
	(value >= range.min && value <= range.max) !== range.invert;

/** `a` or `a:b` (32-bit; an empty end is 0 or 2^32-1); undefined when malformed. */
export function parseIdRange(
	text: string,
	invert: boolean,
): IdRange | undefined {
	const [from = "", to] = text.split(":");
	const min = parseUnsigned(from === "" ? "0" : from);
	const max =
		to === undefined ? min : parseUnsigned(to === "" ? "4294967295" : to);
	if (min === undefined || max === undefined) return undefined;
	return { min, max, invert };
}

/**
 * The option's `[!] N` (at most `max`); a malformed one is reported as
 * `MODULE: bad WHAT "text"` and gives undefined.
 */
export function readValue(
	option: RawOption,
	diagnostics: ModuleDiagnostic[],
	what: string,
	max = 0xffffffff,
): InvertibleValue | undefined {
	const text = option.args[0] ?? "";
	const value = parseUnsigned(text, max);
	if (value === undefined) {
		diagnostics.push(optionError(option, `${what} "${text}"`));
		return undefined;
	}
	return { value, invert: option.invert };
}

/** The option's `[!] a[:b]`; a malformed one is reported as `what "text"`. */
export function readIdRange(
	option: RawOption,
	diagnostics: ModuleDiagnostic[],
	what: string,
): IdRange | undefined {
	const text = option.args[0] ?? "";
	const range = parseIdRange(text, option.invert);
	if (range === undefined)
		diagnostics.push(optionError(option, `${what} "${text}"`));
	return range;
}
