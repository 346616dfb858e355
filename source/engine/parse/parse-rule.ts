/**
 * One rule line's words → a RuleCommand, as iptables' `do_parse` reads
 * them: header options with fixed arity, `!` before an option, `-m` matches
 * and `-j`/`-g` targets whose options are grouped generically and then handed
 * to the module registry. Problems become diagnostics; nothing throws. This
 * is the general parser; canonical-rule.ts is the fast lane for the usual form.
 */
import type { Counters } from "../model/ruleset.js";
import { fatal } from "./diagnostic-sink.js";
import { finish } from "./finish-rule.js";
import {
	headerEntries,
	shortFlags,
	wholeWordValues,
} from "./header-option-table.js";
import { handleHeader } from "./header-options.js";
import { resolveLongName } from "./long-options.js";
import type { RuleCommand } from "./rule-command.js";
import { implicitOptionNames, placeOption } from "./rule-options.js";
import {
	createRuleState,
	isOption,
	type RuleScope,
	type RuleParseState as State,
} from "./rule-state.js";
import { appended } from "./short-list.js";
import type { Token } from "./tokenize-line.js";

/** Parses a rule line's tokens; undefined when there is no usable command. */
export function parseRuleTokens(
	tokens: readonly Token[],
	scope: RuleScope,
	counters?: Counters,
): RuleCommand | undefined {
	const state = createRuleState(scope, tokens, counters);
	let invertColumn = 0;
	while (state.index < tokens.length && !state.skip) {
		const token = tokens[state.index] as Token;
		state.index++;
		if (!token.quoted && token.text === "!") {
			if (invertColumn !== 0) {
				fatal(
					scope.sink,
					"bad-negation",
					"multiple consecutive ! not allowed",
					scope.line,
					token.column,
				);
			}
			invertColumn = token.column;
			continue;
		}
		if (isOption(token)) {
			handleOption(state, token, invertColumn);
			invertColumn = 0;
			continue;
		}
		if (invertColumn !== 0) {
			fatal(
				scope.sink,
				"bad-negation",
				`\`!' must come before an option, not before \`${token.text}'`,
				scope.line,
				invertColumn,
			);
			invertColumn = 0;
		}
		const owner = state.owner;
		if (
			owner &&
			(owner.maxArgs ?? Number.POSITIVE_INFINITY) <= owner.args.length
		)
			state.owner = undefined;
		if (state.owner) {
			state.owner.args = appended(state.owner.args, token.text);
			state.owner.argTokens = appended(state.owner.argTokens, state.index - 1);
			continue;
		}
		fatal(
			scope.sink,
			"bad-argument",
			`Bad argument \`${token.text}'`,
			scope.line,
			token.column,
			token.length,
		);
	}
	if (invertColumn !== 0) {
		fatal(
			scope.sink,
			"bad-negation",
			"`!' at the end of the line negates nothing",
			scope.line,
			invertColumn,
		);
	}
	return state.skip ? undefined : finish(state);
}

function handleOption(state: State, token: Token, invertColumn: number): void {
	const text = token.text;
	if (text.charCodeAt(1) !== 45) {
		if (text.length === 2)
			placeWord(state, token, text, undefined, invertColumn);
		else readShortGroup(state, token, invertColumn);
		return;
	}
	const eq = text.indexOf("=");
	let name = eq === -1 ? text : text.slice(0, eq);
	const resolved = resolveLongName(state, name, implicitOptionNames(state));
	if (resolved.kind === "ambiguous") {
		fatal(
			state.scope.sink,
			"ambiguous-option",
			`option \`${name}' is ambiguous; possibilities: ${resolved.names.join(" ")}`,
			state.scope.line,
			token.column,
			token.length,
		);
		state.owner = undefined;
		return;
	}
	if (resolved.kind !== "none") name = resolved.name;
	placeWord(
		state,
		token,
		name,
		eq === -1 ? undefined : text.slice(eq + 1),
		invertColumn,
	);
}

/**
 * A word of short options as getopt reads it: flags that take no argument
 * (`-f`, `-v`, ...) then at most one option whose value is the rest of the
 * word, or else the next word (`-fj ACCEPT` is `-f -j ACCEPT`).
 */
function readShortGroup(
	state: State,
	token: Token,
	invertColumn: number,
): void {
	const text = token.text;
	let i = 1;
	for (; i < text.length && shortFlags.has(text[i] as string); i++)
		placeWord(
			state,
			token,
			`-${text[i]}`,
			undefined,
			i === 1 ? invertColumn : 0,
		);
	if (i === text.length) return;
	const rest = text.slice(i + 1);
	placeWord(
		state,
		token,
		`-${text[i]}`,
		rest === "" ? undefined : rest,
		i === 1 ? invertColumn : 0,
	);
}

/** One option (its name as getopt found it) into the line's state. */
function placeWord(
	state: State,
	token: Token,
	name: string,
	value: string | undefined,
	invertColumn: number,
): void {
	const entry = headerEntries.get(name);
	const column = invertColumn || token.column;
	if (entry === undefined) {
		placeOption(
			state,
			{
				name,
				invert: invertColumn !== 0,
				args: value === undefined ? [] : [value],
				column,
				token: state.index - 1,
				attached: value !== undefined,
				argTokens: [],
			},
			token,
		);
		return;
	}
	// iptables takes these values as argv[optind-1]: the whole word.
	const attached =
		value !== undefined && wholeWordValues.has(entry.key) ? token.text : value;
	const key = entry.key;
	state.owner = undefined;
	const { sink, line } = state.scope;
	const repeatable = key === "match" || key === "ignored";
	const bit = entry.bit;
	if (!repeatable && (state.seen & bit) !== 0) {
		fatal(
			sink,
			"duplicate-option",
			`multiple ${name} flags not allowed`,
			line,
			token.column,
			token.length,
		);
	}
	state.seen |= bit;
	const invertible =
		key === "source" ||
		key === "destination" ||
		key === "protocol" ||
		key === "in-interface" ||
		key === "out-interface" ||
		key === "fragment";
	if (invertColumn !== 0 && !invertible) {
		fatal(
			sink,
			"bad-negation",
			`cannot have ! before ${name}`,
			line,
			invertColumn,
		);
	}
	handleHeader(state, key, name, attached, token, invertColumn !== 0);
}
