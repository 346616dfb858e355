/**
 * What both readings of a canonical rule line share (canonical-rule.ts,
 * quick-rule.ts): header option values, and `-m` and `--option` names
 * found from the line's words without making strings of them.
 */
import type { OptionSpecs } from "../match/option-values.js";
import type { AnyMatchModule } from "../match/types.js";
import type { AddressTest } from "../model/ruleset.js";
import {
	charAt,
	isBang,
	isOptionWord,
	valueAt,
	word,
	wordColumn,
	wordIs,
	wordLength,
} from "./line-words.js";
import {
	parseAddress,
	parseInterface,
	parseProtocolValue,
} from "./parse-header.js";
import { matchModuleFor } from "./rule-options.js";
import type { RuleParseState, RuleScope } from "./rule-state.js";

/**
 * The `-s`/`-d` value's addresses (comma-separated), or undefined when the
 * general parser must decide.
 */
function readAddresses(
	value: string,
	state: RuleParseState,
	invert: boolean,
): AddressTest[] | undefined {
	const family = state.scope.family;
	if (value.indexOf(",") === -1) {
		const result = parseAddress(value, family, invert);
		if (!result.ok || result.warning !== undefined) return undefined;
		return [result.value];
	}
	if (invert) return undefined;
	const list: AddressTest[] = [];
	for (const part of value.split(",")) {
		const result = parseAddress(part, family, invert);
		if (!result.ok || result.warning !== undefined) return undefined;
		list.push(result.value);
	}
	return list;
}

/** The header option's value into the state; false to fall back. */
function headerValue(
	state: RuleParseState,
	letter: number,
	value: string,
	invert: boolean,
): boolean {
	switch (letter) {
		case 115: {
			// -s (once: the caller sees to that)
			const list = readAddresses(value, state, invert);
			if (list !== undefined) state.sources = list;
			return list !== undefined;
		}
		case 100: {
			// -d
			const list = readAddresses(value, state, invert);
			if (list !== undefined) state.destinations = list;
			return list !== undefined;
		}
		case 112: {
			// -p
			const result = parseProtocolValue(value, invert);
			if (!result.ok) return false;
			state.header.protocol = result.value;
			return true;
		}
		default: {
			// -i, -o
			const result = parseInterface(value, invert);
			if (!result.ok || result.warning !== undefined) return false;
			if (letter === 105) state.header.inInterface = result.value;
			else state.header.outInterface = result.value;
			return true;
		}
	}
}

/** The letter of a short option word (`-m`: 109), 0 for a long one. */
export function shortLetter(at: number): number {
	return wordLength(at) === 2 ? charAt(at, 1) : 0;
}

/**
 * What both readings know of the line so far: the column of a `!` waiting
 * for its option (0: none), and the header options seen (headerBit bits).
 * Reset by startLine for each reading of a line.
 */
export const lineHead = { invertColumn: 0, seen: 0 };

export function startLine(): void {
	lineHead.invertColumn = 0;
	lineHead.seen = 0;
}

/**
 * Word `at` when it is a `!` or a header option with its value (`-s A`,
 * `-p tcp`, read into the state): the index after it. 0 when it is another
 * option (a match's, the target's). -1 when the general parser must decide:
 * not an option, a second `!`, a header option again or after `grouped`
 * (a match or target), a value that does not read.
 */
export function readHeadWord(
	state: RuleParseState,
	at: number,
	count: number,
	grouped: boolean,
): number {
	if (isBang(at)) {
		if (lineHead.invertColumn !== 0) return -1;
		lineHead.invertColumn = wordColumn(at);
		return at + 1;
	}
	if (!isOptionWord(at)) return -1;
	const letter = shortLetter(at);
	const bit = headerBit(letter);
	if (bit === 0) return 0;
	if ((lineHead.seen & bit) !== 0 || grouped) return -1;
	lineHead.seen |= bit;
	const value = valueAt(at + 1, count);
	if (value === undefined || value.charCodeAt(0) === 45) return -1;
	if (!headerValue(state, letter, value, lineHead.invertColumn !== 0))
		return -1;
	lineHead.invertColumn = 0;
	return at + 2;
}

/** The bit of header option `-X` (0: not one) by its letter's char code. */
function headerBit(letter: number): number {
	switch (letter) {
		case 115: // -s
			return 1;
		case 100: // -d
			return 2;
		case 112: // -p
			return 4;
		case 105: // -i
			return 8;
		case 111: // -o
			return 16;
		default:
			return 0;
	}
}

/**
 * Word `index` as the module lists it (a constant string, so later lookups
 * by name need not hash a fresh one); undefined when the module lacks it.
 */
export function listedName(
	names: readonly string[] | undefined,
	index: number,
): string | undefined {
	if (names === undefined) return undefined;
	for (const name of names) if (wordIs(index, name)) return name;
	return undefined;
}

/**
 * Match modules recently named by `-m`, per family (a handful in a file),
 * with their names apart: reading the name off modules of different shapes
 * costs more than the compare.
 */
type Recent = { readonly names: string[]; readonly modules: AnyMatchModule[] };
const recentModules: Readonly<Record<"ipv4" | "ipv6", Recent>> = {
	ipv4: { names: [], modules: [] },
	ipv6: { names: [], modules: [] },
};

/** The module `-m` word `index` names, found without making its string. */
export function moduleAt(
	index: number,
	scope: RuleScope,
): AnyMatchModule | undefined {
	const { names, modules } = recentModules[scope.family];
	for (let i = 0; i < names.length; i++)
		if (wordIs(index, names[i] as string)) return modules[i];
	const module = matchModuleFor(word(index), scope);
	// Aliases (icmpv6 → icmp6) are not remembered: their name differs.
	if (module && module.name === word(index) && names.length < 16) {
		names.push(module.name);
		modules.push(module);
	}
	return module;
}

/** The most arguments option `name` takes (unbounded when undeclared). */
export function maxArguments(
	specs: OptionSpecs | undefined,
	name: string,
): number {
	const arity = specs?.[name]?.arity;
	if (arity === undefined) return Number.POSITIVE_INFINITY;
	return typeof arity === "number" ? arity : arity[1];
}

/** True when the module declares that option `name` takes no argument. */
export function takesNoArgument(
	specs: OptionSpecs | undefined,
	name: string,
): boolean {
	const arity = specs?.[name]?.arity;
	return arity === 0 || (typeof arity === "object" && arity[1] === 0);
}
