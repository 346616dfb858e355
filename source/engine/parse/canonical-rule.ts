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
import type { Token } from "./tokenize-line.js";

/**
 * The text being read (a line, or the whole file with the line at
 * `lineBase`) and its words' bounds, reused from line to line.
 */
let text = "";
let lineBase = 0;
/** 0-based start of each word (its opening quote for quoted words). */
let starts = new Int32Array(64);
/** End of each word's text (before a closing quote). */
let ends = new Int32Array(64);
/** Whether each word was quoted (a quoted word is never an option). */
let quoted = new Uint8Array(64);
/** What each word is: a value, an option (`-x`, `--xy`) or `!`. */
let kinds = new Uint8Array(64);
const valueWord = 0;
const optionWord = 1;
const bangWord = 2;

function grow(): void {
	const size = starts.length * 2;
	const s = new Int32Array(size);
	const e = new Int32Array(size);
	const q = new Uint8Array(size);
	const k = new Uint8Array(size);
	s.set(starts);
	e.set(ends);
	q.set(quoted);
	k.set(kinds);
	starts = s;
	ends = e;
	quoted = q;
	kinds = k;
}

/**
 * Where the next tab, quote and backslash are in a whole text read line by
 * line in order (-1: none left): each search moves forward once, instead of
 * scanning from every line to the end. One per text being read.
 */
export type TextCursors = {
	readonly tab: { at: number; from: number };
	readonly quote: { at: number; from: number };
	readonly backslash: { at: number; from: number };
};

export function createCursors(): TextCursors {
	return {
		tab: { at: -2, from: 0 },
		quote: { at: -2, from: 0 },
		backslash: { at: -2, from: 0 },
	};
}

/** The cursors of the text being split (undefined: a line of its own). */
let cursors: TextCursors | undefined;

/** The next `char` at or after `from` in the line, or `end` when none. */
function nextIn(
	which: "tab" | "quote" | "backslash",
	char: string,
	from: number,
	end: number,
): number {
	let at: number;
	if (cursors === undefined) at = text.indexOf(char, from);
	else {
		const cursor = cursors[which];
		if (
			cursor.at === -2 ||
			from < cursor.from ||
			(cursor.at !== -1 && cursor.at < from)
		)
			cursor.at = text.indexOf(char, from);
		cursor.from = from;
		at = cursor.at;
	}
	return at === -1 || at > end ? end : at;
}

/** Finds the words of `line`; -1 when a construct needs the general tokenizer. */
function splitWords(line: string, start: number, end: number): number {
	text = line;
	if (nextIn("tab", "\t", start, end) < end) return -1;
	let quote = nextIn("quote", '"', start, end);
	let count = 0;
	let i = start;
	while (i < end) {
		if (line.charCodeAt(i) === 32) {
			i++;
			continue;
		}
		if (count === starts.length) grow();
		starts[count] = i;
		if (i === quote) {
			const close = nextIn("quote", '"', i + 1, end);
			if (close >= end) return -1;
			if (nextIn("backslash", "\\", i + 1, end) < close) return -1;
			ends[count] = close;
			quoted[count] = 1;
			kinds[count] = valueWord;
			i = close + 1;
			if (i < end && line.charCodeAt(i) !== 32) return -1;
			quote = nextIn("quote", '"', i, end);
		} else {
			let space = line.indexOf(" ", i);
			if (space === -1 || space > end) space = end;
			// A quote inside a word joins quoted and plain text: general parser.
			if (quote < space) return -1;
			ends[count] = space;
			quoted[count] = 0;
			const first = line.charCodeAt(i);
			kinds[count] =
				first === 45 && space - i > 1
					? optionWord
					: first === 33 && space - i === 1
						? bangWord
						: valueWord;
			i = space;
		}
		count++;
	}
	return count;
}

/** Word `index` as a string. */
function word(index: number): string {
	const from = (starts[index] as number) + (quoted[index] as number);
	return text.slice(from, ends[index]);
}

/**
 * True when word `index` is exactly `known` (an unquoted word of the same
 * length). A char loop: String#startsWith at an offset is far slower here.
 */
function wordIs(index: number, known: string): boolean {
	const length = known.length;
	if (quoted[index] !== 0 || wordLength(index) !== length) return false;
	const at = starts[index] as number;
	for (let i = 0; i < length; i++)
		if (text.charCodeAt(at + i) !== known.charCodeAt(i)) return false;
	return true;
}

/** Length of the word's text (without quotes). */
function wordLength(index: number): number {
	return (
		(ends[index] as number) -
		(starts[index] as number) -
		(quoted[index] as number)
	);
}

/** The word's character at `offset` (unquoted words only). */
function charAt(index: number, offset: number): number {
	return text.charCodeAt((starts[index] as number) + offset);
}

/** An unquoted word that iptables reads as an option. */
function isOptionWord(index: number): boolean {
	return kinds[index] === optionWord;
}

function isBang(index: number): boolean {
	return kinds[index] === bangWord;
}

/** True when unquoted word `index` is `-X` for the char code `letter`. */
function isShort(index: number, letter: number): boolean {
	return (
		quoted[index] === 0 &&
		wordLength(index) === 2 &&
		charAt(index, 0) === 45 &&
		charAt(index, 1) === letter
	);
}

/** True when word `index` is a value: present, not an option and not `!`. */
function hasValue(index: number, count: number): boolean {
	return index < count && kinds[index] === valueWord;
}

/** Word `index` when it is a value. */
function valueAt(index: number, count: number): string | undefined {
	return hasValue(index, count) ? word(index) : undefined;
}

/** Adds `-s`/`-d` addresses; false when the general parser must decide. */
function addAddresses(
	list: AddressTest[],
	value: string,
	state: RuleParseState,
	invert: boolean,
): boolean {
	const family = state.scope.family;
	if (value.indexOf(",") === -1) {
		const result = parseAddress(value, family, invert);
		if (!result.ok || result.warning !== undefined) return false;
		list.push(result.value);
		return true;
	}
	if (invert) return false;
	for (const part of value.split(",")) {
		const result = parseAddress(part, family, invert);
		if (!result.ok || result.warning !== undefined) return false;
		list.push(result.value);
	}
	return true;
}

/** The header option's value into the state; false to fall back. */
function headerValue(
	state: RuleParseState,
	letter: number,
	value: string,
	invert: boolean,
): boolean {
	switch (letter) {
		case 115: // -s
			return addAddresses(state.sources, value, state, invert);
		case 100: // -d
			return addAddresses(state.destinations, value, state, invert);
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
	let owner: { readonly options: OptionBuilder[] } | undefined;
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
	const option: OptionBuilder = {
		name: listed,
		invert: invertColumn !== 0,
		args: [],
		column: invertColumn || (starts[at] as number) - lineBase + 1,
		token: at,
		attached: false,
		argTokens: [],
	};
	let next = at + 1;
	// `--opt ! x` is the old negation form: the general parser reports it.
	if (next < count && isBang(next)) return -1;
	while (next < count && kinds[next] === valueWord) {
		option.args.push(word(next));
		option.argTokens.push(next);
		next++;
	}
	owner.options.push(option);
	return next;
}

/**
 * Word `index` if it is the same text as `known` (then `known` itself, so a
 * later lookup compares one string with itself), else a new string.
 */
function wordLike(index: number, known: string | undefined): string {
	return known !== undefined && wordIs(index, known) ? known : word(index);
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
 * Parses a canonical rule line from index `start` (after `[p:b]`); null
 * when the general parser must read it.
 */
export function parseCanonicalRule(
	line: string,
	start: number,
	scope: RuleScope,
	counters: Counters | undefined,
): RuleCommand | undefined | null {
	return parseCanonicalRuleAt(
		line,
		0,
		start,
		line.length,
		scope,
		counters,
		undefined,
	);
}

/**
 * The same for the line `lineStart`..`end` of `source` (the whole file), so
 * the line need not be made a string of its own; `from` is where its words
 * start, and `textCursors` belong to `source`.
 */
export function parseCanonicalRuleAt(
	source: string,
	lineStart: number,
	from: number,
	end: number,
	scope: RuleScope,
	counters: Counters | undefined,
	textCursors: TextCursors | undefined,
): RuleCommand | undefined | null {
	lineBase = lineStart;
	cursors = textCursors;
	const count = splitWords(source, from, end);
	if (count < 2 || !isShort(0, 65)) return null;
	if (!hasValue(1, count)) return null;
	const chain = wordLike(1, lastChain);
	lastChain = chain;
	const state = createRuleState(scope, noTokens, counters);
	state.command = "append";
	state.chain = chain;
	state.chainColumn = (starts[1] as number) - lineBase + 1;
	let seen = 0;
	let invertColumn = 0;
	let at = 2;
	while (at < count) {
		if (isBang(at)) {
			if (invertColumn !== 0) return null;
			invertColumn = (starts[at] as number) - lineBase + 1;
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
			state.matches.push(
				startMatch(
					wordLike(at + 1, registry.name),
					(starts[at] as number) - lineBase + 1,
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
				column: (starts[at + 1] as number) - lineBase + 1,
				length: wordLength(at + 1) + (quoted[at + 1] as number) * 2,
				goto: letter === 103,
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
