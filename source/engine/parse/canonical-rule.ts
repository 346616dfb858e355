/**
 * The fast lane for rule lines as iptables-save writes them:
 * `-A CHAIN [! -s A] [! -d A] [! -i IF] [! -o IF] [! -p P]
 * [-m MODULE [! --opt ARG...]...]... [-j TARGET [--opt ARG...]...]`.
 * It reads the words straight from the line, with no token objects, and
 * fills the same parse state the general parser does, so both lanes end in
 * the same `finish`. Anything it is not sure of (a diagnostic at the word
 * level, an unknown module, a backslash in quotes, a tab) returns `null`
 * before any side effect, and the general parser reads the line instead.
 */
import type { AnyMatchModule } from "../match/types.js";
import type { AddressTest, Counters } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";
import type { SourceText } from "./ascii-view.js";
import { finish } from "./finish-rule.js";
import type { OptionBuilder } from "./lazy-calls.js";
import {
	charAt,
	hasValue,
	isBang,
	isOptionWord,
	isShort,
	isValueWord,
	splitWords,
	valueAt,
	word,
	wordColumn,
	wordIs,
	wordLength,
	wordLike,
	wordSpan,
} from "./line-words.js";
import {
	parseAddress,
	parseInterface,
	parseProtocolValue,
} from "./parse-header.js";
import type { RuleCommand } from "./rule-command.js";
import {
	type MatchBuilder,
	matchModuleFor,
	startMatch,
} from "./rule-options.js";
import {
	createRuleState,
	type RuleParseState,
	type RuleScope,
} from "./rule-state.js";
import { appended, noItems } from "./short-list.js";
import type { Token } from "./tokenize-line.js";

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
function listedName(
	names: readonly string[] | undefined,
	index: number,
): string | undefined {
	if (names === undefined) return undefined;
	for (const name of names) if (wordIs(index, name)) return name;
	return undefined;
}

/**
 * Reads one `--option` and its arguments at `at`; the index after them, or
 * -1 to fall back. `invertColumn` is the column of a `!` before it (0: none).
 */
function readOption(
	state: RuleParseState,
	at: number,
	count: number,
	invertColumn: number,
): number {
	if (charAt(at, 1) !== 45) return -1;
	let owner: { options: OptionBuilder[] } | undefined;
	let listed: string | undefined;
	const target = state.target;
	if (target) {
		listed = listedName(findTargetModule(target.name)?.optionNames, at);
		owner = target;
	} else {
		// The last match that takes it, as iptables searches.
		const { matches } = state;
		for (let i = matches.length - 1; i >= 0 && listed === undefined; i--) {
			const match = matches[i] as MatchBuilder;
			listed = listedName(match.registry?.optionNames, at);
			owner = match;
		}
	}
	// Unknown names (and `--opt=value`) go to the general parser.
	if (!owner || listed === undefined) return -1;
	const first = at + 1;
	// `--opt ! x` is the old negation form: the general parser reports it.
	if (first < count && isBang(first)) return -1;
	let next = first;
	while (next < count && isValueWord(next)) next++;
	const option: OptionBuilder = {
		name: listed,
		invert: invertColumn !== 0,
		args: next === first ? noItems() : [word(first)],
		column: invertColumn || wordColumn(at),
		token: at,
		attached: false,
		argTokens: next === first ? [] : [first],
	};
	for (let extra = first + 1; extra < next; extra++) {
		option.args = appended(option.args, word(extra));
		option.argTokens = appended(option.argTokens, extra);
	}
	owner.options = appended(owner.options, option);
	return next;
}

/** The lane fills the state directly: it has no token objects to give. */
const noTokens: readonly Token[] = Object.freeze([]);

/** The chain of the previous line: rules come in runs for one chain. */
let lastChain: string | undefined;

/** Match modules recently named by `-m`, per family (a handful in a file). */
const recentModules = {
	ipv4: [] as AnyMatchModule[],
	ipv6: [] as AnyMatchModule[],
};

/** The module `-m` word `index` names, found without making its string. */
function moduleAt(index: number, scope: RuleScope): AnyMatchModule | undefined {
	const recent = recentModules[scope.family];
	for (const module of recent) if (wordIs(index, module.name)) return module;
	const module = matchModuleFor(word(index), scope);
	// Aliases (icmpv6 → icmp6) are not remembered: their name differs.
	if (module && module.name === word(index) && recent.length < 16)
		recent.push(module);
	return module;
}

/**
 * Parses the canonical rule line `lineStart`..`end` of `source` (the whole
 * file, so the line need not be made a string of its own); `from` is where
 * its words start (after `[p:b]`). Null when the general parser must read
 * it.
 */
export function parseCanonicalRule(
	source: SourceText,
	lineStart: number,
	from: number,
	end: number,
	scope: RuleScope,
	counters: Counters | undefined,
): RuleCommand | undefined | null {
	const count = splitWords(source, lineStart, from, end);
	if (count < 2 || !isShort(0, 65)) return null;
	if (!hasValue(1, count)) return null;
	const chain = wordLike(1, lastChain);
	lastChain = chain;
	const state = createRuleState(scope, noTokens, counters);
	state.command = "append";
	state.chain = chain;
	state.chainColumn = wordColumn(1);
	let seen = 0;
	let invertColumn = 0;
	let at = 2;
	while (at < count) {
		if (isBang(at)) {
			if (invertColumn !== 0) return null;
			invertColumn = wordColumn(at);
			at++;
			continue;
		}
		if (!isOptionWord(at)) return null;
		const letter = wordLength(at) === 2 ? charAt(at, 1) : 0;
		const bit = headerBit(letter);
		if (bit !== 0) {
			if ((seen & bit) !== 0 || state.matches.length > 0 || state.target)
				return null;
			seen |= bit;
			const value = valueAt(at + 1, count);
			if (value === undefined || value.charCodeAt(0) === 45) return null;
			if (!headerValue(state, letter, value, invertColumn !== 0)) return null;
			invertColumn = 0;
			at += 2;
			continue;
		}
		if (letter === 109) {
			// -m
			if (invertColumn !== 0 || !hasValue(at + 1, count) || state.target)
				return null;
			const registry = moduleAt(at + 1, scope);
			if (!registry || registry.optionNames.length === 0) return null;
			state.matches = appended(
				state.matches,
				startMatch(
					wordLike(at + 1, registry.name),
					wordColumn(at),
					false,
					scope,
					registry,
				),
			);
			at += 2;
			continue;
		}
		if (letter === 106 || letter === 103) {
			// -j, -g
			const name = valueAt(at + 1, count);
			if (invertColumn !== 0 || name === undefined || state.target) return null;
			state.target = {
				name,
				column: wordColumn(at + 1),
				length: wordSpan(at + 1),
				goto: letter === 103,
				options: noItems(),
			};
			at += 2;
			continue;
		}
		at = readOption(state, at, count, invertColumn);
		if (at === -1) return null;
		invertColumn = 0;
	}
	if (invertColumn !== 0) return null;
	return finish(state);
}
