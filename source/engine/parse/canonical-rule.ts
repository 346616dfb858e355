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
import type { AddressTest, Counters } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";
import type { OptionBuilder } from "./lazy-calls.js";
import {
	parseAddress,
	parseInterface,
	parseProtocolValue,
} from "./parse-header.js";
import {
	createRuleState,
	finish,
	type RuleParseState,
	type RuleScope,
} from "./parse-rule.js";
import type { RuleCommand } from "./rule-command.js";
import {
	type MatchBuilder,
	matchModuleFor,
	startMatch,
} from "./rule-options.js";

/** Words of the current line, reused from line to line. */
const words: string[] = [];
/** 0-based start of each word in the line (its opening quote for quoted words). */
let starts = new Int32Array(64);
/** Whether each word was quoted (a quoted word is never an option). */
const quotedWords: boolean[] = [];

/** Splits the line into `words`; -1 when a construct needs the general tokenizer. */
function splitWords(line: string, start: number): number {
	const end = line.length;
	if (line.indexOf("\t", start) !== -1) return -1;
	let quote = line.indexOf('"', start);
	if (quote === -1) quote = end;
	let count = 0;
	let i = start;
	while (i < end) {
		if (line.charCodeAt(i) === 32) {
			i++;
			continue;
		}
		if (count === starts.length) {
			const grown = new Int32Array(starts.length * 2);
			grown.set(starts);
			starts = grown;
		}
		starts[count] = i;
		if (i === quote) {
			const close = line.indexOf('"', i + 1);
			if (close === -1) return -1;
			const text = line.slice(i + 1, close);
			if (text.indexOf("\\") !== -1) return -1;
			i = close + 1;
			if (i < end && line.charCodeAt(i) !== 32) return -1;
			words[count] = text;
			quotedWords[count] = true;
			quote = line.indexOf('"', i);
			if (quote === -1) quote = end;
		} else {
			let space = line.indexOf(" ", i);
			if (space === -1) space = end;
			// A quote inside a word joins quoted and plain text: general parser.
			if (quote < space) return -1;
			words[count] = line.slice(i, space);
			quotedWords[count] = false;
			i = space;
		}
		count++;
	}
	return count;
}

/** An unquoted word that iptables reads as an option. */
function isOptionWord(index: number): boolean {
	const word = words[index] as string;
	return (
		quotedWords[index] !== true && word.length > 1 && word.charCodeAt(0) === 45
	);
}

function isBang(index: number): boolean {
	return quotedWords[index] !== true && words[index] === "!";
}

/** A value word: present, not an option and not `!`. */
function valueAt(index: number, count: number): string | undefined {
	if (index >= count || isOptionWord(index) || isBang(index)) return undefined;
	return words[index];
}

/** Adds `-s`/`-d` addresses; false when the general parser must decide. */
function addAddresses(
	list: AddressTest[],
	text: string,
	state: RuleParseState,
	invert: boolean,
): boolean {
	const family = state.scope.family;
	if (text.indexOf(",") === -1) {
		const result = parseAddress(text, family, invert);
		if (!result.ok || result.warning !== undefined) return false;
		list.push(result.value);
		return true;
	}
	if (invert) return false;
	for (const part of text.split(",")) {
		const result = parseAddress(part, family, invert);
		if (!result.ok || result.warning !== undefined) return false;
		list.push(result.value);
	}
	return true;
}

/** The header option's value into the state; false to fall back. */
function headerValue(
	state: RuleParseState,
	option: string,
	text: string,
	invert: boolean,
): boolean {
	switch (option) {
		case "-s":
			return addAddresses(state.sources, text, state, invert);
		case "-d":
			return addAddresses(state.destinations, text, state, invert);
		case "-p": {
			const result = parseProtocolValue(text, invert);
			if (!result.ok) return false;
			state.header.protocol = result.value;
			return true;
		}
		default: {
			const result = parseInterface(text, invert);
			if (!result.ok || result.warning !== undefined) return false;
			if (option === "-i") state.header.inInterface = result.value;
			else state.header.outInterface = result.value;
			return true;
		}
	}
}

/** The bit of a header option (0: not one), by comparison: no lookups. */
function headerBit(word: string): number {
	if (word.length !== 2) return 0;
	switch (word) {
		case "-s":
			return 1;
		case "-d":
			return 2;
		case "-p":
			return 4;
		case "-i":
			return 8;
		case "-o":
			return 16;
		default:
			return 0;
	}
}

/**
 * `name` as the module lists it (a constant string, so later lookups by
 * name need not hash a fresh one); undefined when the module lacks it.
 */
function listedName(
	names: readonly string[] | undefined,
	name: string,
): string | undefined {
	if (names === undefined) return undefined;
	const at = names.indexOf(name);
	return at === -1 ? undefined : names[at];
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
	const name = words[at] as string;
	if (name.charCodeAt(1) !== 45 || name.indexOf("=") !== -1) return -1;
	let owner: { readonly options: OptionBuilder[] } | undefined;
	let listed: string | undefined;
	const target = state.target;
	if (target) {
		listed = listedName(findTargetModule(target.name)?.optionNames, name);
		owner = target;
	} else {
		// The last match that takes it, as iptables searches.
		const { matches } = state;
		for (let i = matches.length - 1; i >= 0 && listed === undefined; i--) {
			const match = matches[i] as MatchBuilder;
			listed = listedName(match.registry?.optionNames, name);
			owner = match;
		}
	}
	if (!owner || listed === undefined) return -1;
	const option: OptionBuilder = {
		name: listed,
		invert: invertColumn !== 0,
		args: [],
		column: invertColumn || (starts[at] as number) + 1,
		token: at,
		attached: false,
		argTokens: [],
	};
	let next = at + 1;
	// `--opt ! x` is the old negation form: the general parser reports it.
	if (next < count && isBang(next)) return -1;
	while (next < count && !isOptionWord(next) && !isBang(next)) {
		option.args.push(words[next] as string);
		option.argTokens.push(next);
		next++;
	}
	owner.options.push(option);
	return next;
}

/**
 * Parses a canonical rule line from index `start` (after `[p:b]`); null
 * when the general parser must read it.
 */
export function parseCanonicalRule(
	line: string,
	start: number,
	scope: RuleScope,
	counters: Counters | undefined,
): RuleCommand | undefined | null {
	const count = splitWords(line, start);
	if (count < 2 || words[0] !== "-A" || quotedWords[0] === true) return null;
	const chain = valueAt(1, count);
	if (chain === undefined) return null;
	const state = createRuleState(scope, [], counters);
	state.command = "append";
	state.chain = chain;
	state.chainColumn = (starts[1] as number) + 1;
	let seen = 0;
	let invertColumn = 0;
	let at = 2;
	while (at < count) {
		if (isBang(at)) {
			if (invertColumn !== 0) return null;
			invertColumn = (starts[at] as number) + 1;
			at++;
			continue;
		}
		if (!isOptionWord(at)) return null;
		const word = words[at] as string;
		const bit = headerBit(word);
		if (bit !== 0) {
			if ((seen & bit) !== 0 || state.matches.length > 0 || state.target)
				return null;
			seen |= bit;
			const value = valueAt(at + 1, count);
			if (value === undefined || value.charCodeAt(0) === 45) return null;
			if (!headerValue(state, word, value, invertColumn !== 0)) return null;
			invertColumn = 0;
			at += 2;
			continue;
		}
		if (word === "-m") {
			const module = valueAt(at + 1, count);
			if (invertColumn !== 0 || module === undefined || state.target)
				return null;
			const registry = matchModuleFor(module, scope);
			if (!registry || registry.optionNames.length === 0) return null;
			state.matches.push(
				startMatch(module, (starts[at] as number) + 1, false, scope),
			);
			at += 2;
			continue;
		}
		if (word === "-j" || word === "-g") {
			const name = valueAt(at + 1, count);
			if (invertColumn !== 0 || name === undefined || state.target) return null;
			state.target = {
				name,
				column: (starts[at + 1] as number) + 1,
				length: quotedWords[at + 1] === true ? name.length + 2 : name.length,
				goto: word === "-g",
				options: [],
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
