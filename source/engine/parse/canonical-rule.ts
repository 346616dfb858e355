/**
 * The fast lane for rule lines as iptables-save writes them:
 * `-A CHAIN [! -s A] [! -d A] [! -i IF] [! -o IF] [! -p P]
 * [-m MODULE [! --opt ARG...]...]... [-j TARGET [--opt ARG...]...]`.
 * It reads the words straight from the line, with no token objects. A line
 * whose rule is built later goes first to the quick read (quick-rule.ts);
 * otherwise the lane fills the same parse state the general parser does, so
 * both lanes end in the same `finish`. Anything it is not sure of (a
 * diagnostic at the word level, an unknown module, a backslash in quotes, a
 * tab) returns `null` before any side effect, and the general parser reads
 * the line instead.
 */
import type { OptionSpecs } from "../match/option-values.js";
import type { Counters } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";
import type { SourceText } from "./ascii-view.js";
import {
	lineHead,
	listedName,
	maxArguments,
	moduleAt,
	readHeadWord,
	shortLetter,
	startLine,
	takesNoArgument,
} from "./canonical-parts.js";
import { finish } from "./finish-rule.js";
import type { OptionBuilder } from "./lazy-calls.js";
import {
	charAt,
	hasValue,
	isBang,
	isShort,
	isValueWord,
	splitWords,
	valueAt,
	word,
	wordColumn,
	wordLike,
	wordSpan,
} from "./line-words.js";
import { readQuickly } from "./quick-rule.js";
import type { RuleCommand } from "./rule-command.js";
import { type MatchBuilder, startMatch } from "./rule-options.js";
import {
	createRuleState,
	type RuleParseState,
	type RuleScope,
} from "./rule-state.js";
import { appended, noItems } from "./short-list.js";
import type { Token } from "./tokenize-line.js";

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
	let specs: OptionSpecs | undefined;
	const target = state.target;
	if (target) {
		const module = findTargetModule(target.name);
		listed = listedName(module?.optionNames, at);
		specs = module?.optionSpecs;
		owner = target;
	} else {
		// The last match that takes it, as iptables searches.
		const { matches } = state;
		for (let i = matches.length - 1; i >= 0 && listed === undefined; i--) {
			const match = matches[i] as MatchBuilder;
			listed = listedName(match.registry?.optionNames, at);
			specs = match.registry?.optionSpecs;
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
	// No value word: unless it takes none, getopt's reading is the parser's.
	if (next === first && !takesNoArgument(specs, listed)) return -1;
	// More words than it takes: the general parser says "Bad argument".
	if (next - first > maxArguments(specs, listed)) return -1;
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

/** A fresh state for an `-A` line of `chain`. */
function appendState(
	scope: RuleScope,
	chain: string,
	counters: Counters | undefined,
): RuleParseState {
	const state = createRuleState(scope, noTokens, counters);
	state.command = "append";
	state.chain = chain;
	state.chainColumn = wordColumn(1);
	return state;
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
	if (!scope.build) {
		const quick = readQuickly(appendState(scope, chain, counters), count);
		if (quick !== undefined) return quick;
	}
	const state = appendState(scope, chain, counters);
	startLine();
	let at = 2;
	while (at < count) {
		const grouped = state.matches.length > 0 || state.target !== undefined;
		const next = readHeadWord(state, at, count, grouped);
		if (next === -1) return null;
		if (next !== 0) {
			at = next;
			continue;
		}
		const letter = shortLetter(at);
		const { invertColumn } = lineHead;
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
		lineHead.invertColumn = 0;
	}
	if (lineHead.invertColumn !== 0) return null;
	return finish(state);
}
