/**
 * The command of a rule line (`-A CHAIN`, `-I CHAIN [N]`, `-R CHAIN N`,
 * `-P CHAIN POLICY`, `-E OLD NEW`, ...) and its `-c PACKETS BYTES`.
 */
import { fatal } from "./diagnostic-sink.js";
import type { CommandName } from "./rule-command.js";
import {
	isOption,
	type RuleParseState as State,
	takeValue,
} from "./rule-state.js";
import type { Token } from "./tokenize-line.js";

function optionalNumber(state: State): number | undefined {
	const next = state.tokens[state.index];
	if (next === undefined || next.quoted || !/^\d+$/.test(next.text))
		return undefined;
	state.index++;
	const value = Number(next.text);
	if (value < 1) {
		fatal(
			state.scope.sink,
			"bad-rule-number",
			`Invalid rule number \`${next.text}'`,
			state.scope.line,
			next.column,
			next.length,
		);
	}
	return value;
}

export function handleCommand(
	state: State,
	key: CommandName,
	name: string,
	attached: string | undefined,
	token: Token,
): void {
	const { sink, line } = state.scope;
	if (state.command !== undefined) {
		fatal(
			sink,
			"multiple-commands",
			"Cannot use more than one command per line",
			line,
			token.column,
			token.length,
		);
		return;
	}
	state.command = key;
	const chainOptional =
		key === "delete-chain" || key === "flush" || key === "zero";
	let chainToken: Token | undefined;
	if (attached !== undefined || !chainOptional)
		chainToken = takeValue(state, attached, name, token.column);
	else {
		const next = state.tokens[state.index];
		if (next && !isOption(next) && !(next.text === "!" && !next.quoted)) {
			state.index++;
			chainToken = next;
		}
	}
	if (!chainToken) return;
	state.chain = chainToken.text;
	state.chainColumn = chainToken.column;
	if (key === "insert" || key === "delete" || key === "zero") {
		const position = optionalNumber(state);
		if (position !== undefined) state.position = position;
	} else if (key === "replace") {
		const position = optionalNumber(state);
		if (position === undefined)
			fatal(
				sink,
				"missing-argument",
				"-R requires a rule number",
				line,
				token.column,
				token.length,
			);
		else state.position = position;
	} else if (key === "policy" || key === "rename") {
		const value = takeValue(state, undefined, name, token.column);
		if (value) state.argument = value.text;
	}
}

export function handleCounters(
	state: State,
	attached: string | undefined,
	name: string,
	token: Token,
): void {
	const packets = takeValue(state, attached, name, token.column);
	const bytes = packets
		? takeValue(state, undefined, name, token.column)
		: undefined;
	if (!packets || !bytes) return;
	const { sink, line } = state.scope;
	if (!/^\d+$/.test(packets.text)) {
		fatal(
			sink,
			"bad-counter",
			"-c packet counter not numeric",
			line,
			packets.column,
			packets.length,
		);
		return;
	}
	if (!/^\d+$/.test(bytes.text)) {
		fatal(
			sink,
			"bad-counter",
			"-c byte counter not numeric",
			line,
			bytes.column,
			bytes.length,
		);
		return;
	}
	state.counters = { packets: BigInt(packets.text), bytes: BigInt(bytes.text) };
}
