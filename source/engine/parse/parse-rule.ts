/**
 * One rule line's words → a RuleCommand, as iptables' `do_parse` reads
 * them: header options with fixed arity, `!` before an option, `-m` matches
 * and `-j`/`-g` targets whose options are grouped generically and then handed
 * to the module registry. Problems become diagnostics; nothing throws.
 */
import type {
	AddressTest,
	Counters,
	Family,
	InterfaceTest,
	MatchCall,
	ProtocolTest,
	RuleHeader,
	TableName,
	TargetCall,
} from "../model/ruleset.js";
import type { SourceText } from "./ascii-view.js";
import { CheckedRule, type RuleObserver } from "./checked-rule.js";
import { type DiagnosticSink, fatal, report } from "./diagnostic-sink.js";
import {
	type HeaderValue,
	parseAddress,
	parseInterface,
	parseProtocolValue,
} from "./parse-header.js";
import type { CommandName, RuleCommand, RuleSpec } from "./rule-command.js";
import {
	checkMatches,
	checkTarget,
	finishMatches,
	finishTarget,
	type MatchBuilder,
	type OptionOwner,
	parseContextOf,
	placeOption,
	startMatch,
	type TargetBuilder,
} from "./rule-options.js";
import { appended, noItems } from "./short-list.js";
import { splitAttached, type Token } from "./tokenize-line.js";

export type ChainKind = "builtin" | "user";

/** What the rule parser needs to know about the table it is in. */
export type RuleScope = {
	readonly table: TableName;
	readonly family: Family;
	/** Updated per line; the scope object is reused across a table's lines. */
	line: number;
	readonly sink: DiagnosticSink;
	readonly chainKind: (name: string) => ChainKind | undefined;
	readonly chainName: (name: string) => string | undefined;
	/** The chain's number in its table (-1: none), as a rule's chain or as a target. */
	readonly chainNumber: (name: string) => number;
	readonly targetNumber: (name: string) => number;
	/** Unknown module names already reported (each is reported once). */
	readonly reported: Set<string>;
	/** The current line and where its words start (after `[p:b]`). */
	text: string;
	start: number;
	/** Where the current line is in the whole text. */
	lineStart: number;
	lineEnd: number;
	readonly source: SourceText;
	/** The `*table` line of the table section being read. */
	readonly tableLine: number;
	/** Told about each line checked but not built. */
	readonly observer: RuleObserver | undefined;
	/**
	 * False: check the line and report what is wrong, but build no matches or
	 * target (the rule is built later from its line, when its chain is read).
	 */
	build: boolean;
};

type HeaderKey =
	| CommandName
	| "source"
	| "destination"
	| "protocol"
	| "in-interface"
	| "out-interface"
	| "fragment"
	| "jump"
	| "goto"
	| "match"
	| "counters"
	| "ipv4"
	| "ipv6"
	| "table"
	| "ignored";

const headerOptions = new Map<string, HeaderKey>([
	["-A", "append"],
	["--append", "append"],
	["-I", "insert"],
	["--insert", "insert"],
	["-D", "delete"],
	["--delete", "delete"],
	["-R", "replace"],
	["--replace", "replace"],
	["-N", "new-chain"],
	["--new-chain", "new-chain"],
	["-X", "delete-chain"],
	["--delete-chain", "delete-chain"],
	["-F", "flush"],
	["--flush", "flush"],
	["-Z", "zero"],
	["--zero", "zero"],
	["-P", "policy"],
	["--policy", "policy"],
	["-E", "rename"],
	["--rename-chain", "rename"],
	["-s", "source"],
	["--source", "source"],
	["--src", "source"],
	["-d", "destination"],
	["--destination", "destination"],
	["--dst", "destination"],
	["-p", "protocol"],
	["--protocol", "protocol"],
	["-i", "in-interface"],
	["--in-interface", "in-interface"],
	["-o", "out-interface"],
	["--out-interface", "out-interface"],
	["-f", "fragment"],
	["--fragment", "fragment"],
	["-j", "jump"],
	["--jump", "jump"],
	["-g", "goto"],
	["--goto", "goto"],
	["-m", "match"],
	["--match", "match"],
	["-c", "counters"],
	["--set-counters", "counters"],
	["-4", "ipv4"],
	["--ipv4", "ipv4"],
	["-6", "ipv6"],
	["--ipv6", "ipv6"],
	["-t", "table"],
	["--table", "table"],
	["-v", "ignored"],
	["--verbose", "ignored"],
	["-n", "ignored"],
	["--numeric", "ignored"],
	["-w", "ignored"],
	["--wait", "ignored"],
]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type State = {
	readonly scope: RuleScope;
	readonly tokens: readonly Token[];
	index: number;
	command?: CommandName;
	chain?: string;
	chainColumn: number;
	position?: number;
	argument?: string;
	header: Mutable<RuleHeader>;
	sources: AddressTest[];
	destinations: AddressTest[];
	matches: MatchBuilder[];
	target?: TargetBuilder;
	counters?: Counters;
	owner: OptionOwner | undefined;
	/** Header options seen so far, as bits of `headerBits`. */
	seen: number;
	skip: boolean;
};

const headerBits = new Map<HeaderKey, number>();
for (const key of new Set(headerOptions.values()))
	headerBits.set(key, 2 ** headerBits.size);

/** Each header option's key and bit, found with one lookup per word. */
const headerEntries = new Map<
	string,
	{ readonly key: HeaderKey; readonly bit: number }
>(
	[...headerOptions].map(([name, key]) => [
		name,
		{ key, bit: headerBits.get(key) ?? 0 },
	]),
);

function isOption(token: Token): boolean {
	return (
		!token.quoted && token.text.length > 1 && token.text.charCodeAt(0) === 45
	);
}

/** A fresh parse state for one line. */
export function createRuleState(
	scope: RuleScope,
	tokens: readonly Token[],
	counters: Counters | undefined,
): State {
	const state: State = {
		scope,
		tokens,
		index: 0,
		chainColumn: 1,
		header: {},
		sources: noItems(),
		destinations: noItems(),
		matches: noItems(),
		owner: undefined,
		seen: 0,
		skip: false,
	};
	if (counters) state.counters = counters;
	return state;
}

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

const noMatches: readonly MatchCall[] = Object.freeze([]);
const emptyHeader: RuleHeader = Object.freeze({});
const protocolHeaders = new WeakMap<ProtocolTest, RuleHeader>();

/**
 * The header, or one shared object for the common `-p PROTO`-only and empty
 * headers (rules never change their header once parsed).
 */
function sharedHeader(header: Mutable<RuleHeader>): RuleHeader {
	if (
		header.source !== undefined ||
		header.destination !== undefined ||
		header.inInterface !== undefined ||
		header.outInterface !== undefined ||
		header.fragment !== undefined
	)
		return header;
	const protocol = header.protocol;
	if (protocol === undefined) return emptyHeader;
	let shared = protocolHeaders.get(protocol);
	if (shared === undefined) {
		shared = header;
		protocolHeaders.set(protocol, shared);
	}
	return shared;
}

/** The command a filled-in state stands for (modules parse their options here). */
export function finish(state: State): RuleCommand | undefined {
	const { scope } = state;
	if (state.command === undefined) {
		const first = state.tokens[0];
		fatal(
			scope.sink,
			"no-command",
			"no command specified (a rule line needs -A, -I, -D, -N, -P, ...)",
			scope.line,
			first?.column ?? 1,
			first?.length ?? 1,
		);
		return undefined;
	}
	if (!scope.build) return checkOnly(state);
	const matches =
		state.matches.length === 0
			? noMatches
			: finishMatches(
					state.matches,
					parseContextOf(state, scope),
					scope.sink,
					scope,
				);
	if (state.sources[0]) state.header.source = state.sources[0];
	if (state.destinations[0]) state.header.destination = state.destinations[0];
	const spec: Mutable<RuleSpec> = {
		header: sharedHeader(state.header),
		sources: state.sources,
		destinations: state.destinations,
		matches,
	};
	if (state.target) spec.target = finishTarget(state.target, state, scope);
	if (state.counters) spec.counters = state.counters;
	const command: Mutable<RuleCommand> = {
		kind: state.command,
		chainColumn: state.chainColumn,
		spec,
		targetColumn: state.target?.column ?? 1,
	};
	if (state.chain !== undefined) command.chain = state.chain;
	if (state.position !== undefined) command.position = state.position;
	if (state.argument !== undefined) command.argument = state.argument;
	return command;
}

/** Tells the observer what the checked line says about its rule. */
function observe(
	observer: RuleObserver,
	state: State,
	kind: TargetCall["kind"] | undefined,
): void {
	const { scope, target } = state;
	observer(
		new CheckedRule(
			{
				chain: state.chain ?? "",
				line: scope.line,
				table: scope.table,
				header: state.header,
				matches: state.matches,
				target:
					target && kind
						? {
								name: target.name,
								kind,
								column: target.column,
								options: target.options,
							}
						: undefined,
				tableLine: scope.tableLine,
				copies:
					Math.max(1, state.sources.length) *
					Math.max(1, state.destinations.length),
				chainNumber: scope.chainNumber(state.chain ?? ""),
				targetNumber:
					kind === "jump" || kind === "goto"
						? scope.targetNumber(target?.name ?? "")
						: -1,
			},
			scope.source,
			scope.lineStart,
			scope.lineEnd,
		),
	);
}

/** Reports the matches' and target's problems; the command without them. */
function checkOnly(state: State): RuleCommand {
	const { scope } = state;
	if (state.matches.length > 0)
		checkMatches(state.matches, parseContextOf(state, scope), scope.sink);
	const kind = state.target
		? checkTarget(state.target, state, scope)
		: undefined;
	if (scope.observer) observe(scope.observer, state, kind);
	const command: Mutable<RuleCommand> = {
		kind: state.command as CommandName,
		chainColumn: state.chainColumn,
		spec: {
			header: emptyHeader,
			sources: state.sources,
			destinations: state.destinations,
			matches: noMatches,
		},
		targetColumn: state.target?.column ?? 1,
	};
	if (state.chain !== undefined) command.chain = state.chain;
	return command;
}

/** Next word as an option value (attached value first); undefined when missing. */
function takeValue(
	state: State,
	attached: string | undefined,
	name: string,
	column: number,
): Token | undefined {
	if (attached !== undefined)
		return {
			text: attached,
			column: column + name.length,
			length: attached.length,
			quoted: false,
		};
	const next = state.tokens[state.index];
	if (next === undefined || (isOption(next) && !/^-\d/.test(next.text))) {
		fatal(
			state.scope.sink,
			"missing-argument",
			`option "${name}" requires an argument`,
			state.scope.line,
			column,
			name.length,
		);
		return undefined;
	}
	state.index++;
	return next;
}

/** The old `-s ! x` form: iptables 1.8 refuses it but the meaning is clear. */
function takeIntrapositioned(
	state: State,
	name: string,
	token: Token,
): boolean {
	const next = state.tokens[state.index];
	if (next === undefined || next.quoted || next.text !== "!") return false;
	state.index++;
	fatal(
		state.scope.sink,
		"intrapositioned-negation",
		`\`${name} ! X' is the old negation form that iptables 1.8 refuses; write \`! ${name} X'`,
		state.scope.line,
		next.column || token.column,
	);
	return true;
}

function handleOption(state: State, token: Token, invertColumn: number): void {
	const text = token.text;
	const simple =
		text.length === 2 ||
		(text.charCodeAt(1) === 45 && text.indexOf("=") === -1);
	const [name, attached] = simple ? [text, undefined] : splitAttached(text);
	const entry = headerEntries.get(name);
	const column = invertColumn || token.column;
	if (entry === undefined) {
		placeOption(
			state,
			{
				name,
				invert: invertColumn !== 0,
				args: attached === undefined ? [] : [attached],
				column,
				token: state.index - 1,
				attached: !simple,
				argTokens: [],
			},
			token,
		);
		return;
	}
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

function handleHeader(
	state: State,
	key: HeaderKey,
	name: string,
	attached: string | undefined,
	token: Token,
	invert: boolean,
): void {
	const { sink, line, family } = state.scope;
	switch (key) {
		case "append":
		case "insert":
		case "delete":
		case "replace":
		case "new-chain":
		case "delete-chain":
		case "flush":
		case "zero":
		case "policy":
		case "rename":
			handleCommand(state, key, name, attached, token);
			return;
		case "source":
		case "destination":
		case "protocol":
		case "in-interface":
		case "out-interface": {
			const intra = takeIntrapositioned(state, name, token);
			const value = takeValue(state, attached, name, token.column);
			if (value) headerValue(state, key, value, invert || intra);
			return;
		}
		case "fragment":
			if (family === "ipv6") {
				fatal(
					sink,
					"unknown-option",
					"`-f' is not supported in IPv6, use -m frag instead",
					line,
					token.column,
					token.length,
				);
			}
			state.header.fragment = { invert };
			return;
		case "jump":
		case "goto": {
			const value = takeValue(state, attached, name, token.column);
			if (value && state.target) {
				fatal(
					sink,
					"duplicate-option",
					"multiple -j/-g flags not allowed",
					line,
					token.column,
					token.length,
				);
			}
			if (value && !state.target) {
				state.target = {
					name: value.text,
					column: value.column,
					length: value.length,
					goto: key === "goto",
					options: noItems(),
				};
				state.owner = undefined;
			}
			return;
		}
		case "match": {
			const value = takeValue(state, attached, name, token.column);
			if (value)
				state.matches = appended(
					state.matches,
					startMatch(value.text, token.column, false, state.scope),
				);
			return;
		}
		case "counters":
			handleCounters(state, attached, name, token);
			return;
		case "ipv4":
		case "ipv6":
			if ((key === "ipv4") !== (family === "ipv4")) {
				report(sink, {
					severity: "info",
					code: "other-family",
					message: `${name}: this line is for the other IP family; iptables-restore skips it`,
					line,
					column: token.column,
					length: token.length,
				});
				state.skip = true;
			}
			return;
		case "table":
			fatal(
				sink,
				"table-option",
				`The -t option cannot be used in ${family === "ipv4" ? "iptables" : "ip6tables"}-restore`,
				line,
				token.column,
				token.length,
			);
			takeValue(state, attached, name, token.column);
			return;
		case "ignored":
			return;
		default:
			assertNever(key);
	}
}

function assertNever(value: never): never {
	throw new Error(`iptx: unexpected header option ${String(value)}`);
}

function headerValue(
	state: State,
	key: "source" | "destination" | "protocol" | "in-interface" | "out-interface",
	value: Token,
	invert: boolean,
): void {
	const { sink, line, family } = state.scope;
	const accept = <T>(result: HeaderValue<T>): T | undefined => {
		if (!result.ok) {
			fatal(
				sink,
				key === "protocol"
					? "bad-protocol"
					: key.endsWith("interface")
						? "bad-interface"
						: "bad-address",
				result.message,
				line,
				value.column,
				value.length,
			);
			return undefined;
		}
		if (result.warning !== undefined) {
			report(sink, {
				severity: "warning",
				code: key.endsWith("interface")
					? "weird-interface"
					: "unresolved-hostname",
				message: result.warning,
				line,
				column: value.column,
				length: value.length,
			});
		}
		return result.value;
	};
	if (key === "source" || key === "destination") {
		let list = key === "source" ? state.sources : state.destinations;
		const text = value.text;
		const parts = text.indexOf(",") === -1 ? [text] : text.split(",");
		for (const part of parts) {
			const address = accept(parseAddress(part, family, invert));
			if (address) list = appended(list, address);
		}
		if (key === "source") state.sources = list;
		else state.destinations = list;
		if (list.length > 1 && invert) {
			fatal(
				sink,
				"bad-address",
				"! not allowed with multiple source or destination IP addresses",
				line,
				value.column,
				value.length,
			);
		}
		return;
	}
	if (key === "protocol") {
		const protocol: ProtocolTest | undefined = accept(
			parseProtocolValue(value.text, invert),
		);
		if (protocol) state.header.protocol = protocol;
		return;
	}
	const iface: InterfaceTest | undefined = accept(
		parseInterface(value.text, invert),
	);
	if (!iface) return;
	if (key === "in-interface") state.header.inInterface = iface;
	else state.header.outInterface = iface;
}

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

function handleCommand(
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

function handleCounters(
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

export type { State as RuleParseState };
