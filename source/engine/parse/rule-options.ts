/**
 * Which match or target an `--option` belongs to, as iptables merges every
 * loaded module's options into one getopt table and loads the protocol's
 * match implicitly (`-p tcp --dport 22`). module-calls.ts then hands each
 * group to its module.
 */

import type { OptionSpec } from "../match/option-values.js";
import { findMatchModule } from "../match/registry.js";
import type { AnyMatchModule } from "../match/types.js";
import { protocolModule } from "../net/protocol.js";
import { findTargetModule } from "../target/registry.js";
import { fatal, report } from "./diagnostic-sink.js";
import { iptablesHasMatch, protocolMatchOptions } from "./known-extensions.js";
import type { OptionBuilder } from "./lazy-calls.js";
import { isOption, type RuleParseState, type RuleScope } from "./rule-state.js";
import { appended, noItems } from "./short-list.js";
import type { Token } from "./tokenize-line.js";

export type MatchBuilder = {
	readonly module: string;
	/** iptx has a module for it. */
	readonly known: boolean;
	readonly column: number;
	readonly implicit: boolean;
	readonly registry: AnyMatchModule | undefined;
	options: OptionBuilder[];
};

export type TargetBuilder = {
	readonly name: string;
	readonly column: number;
	readonly length: number;
	readonly goto: boolean;
	options: OptionBuilder[];
};

/** The option currently collecting argument words. */
export type OptionOwner = OptionBuilder;

export const verdictNames = new Map(
	["ACCEPT", "DROP", "RETURN", "QUEUE"].map((name) => [name, name]),
);
export const standardVerdicts: ReadonlySet<string> = new Set(
	verdictNames.keys(),
);

/** The registry module for `-m NAME` in this family, if iptx has one. */
export function matchModuleFor(
	name: string,
	scope: RuleScope,
): AnyMatchModule | undefined {
	const alias = name === "icmpv6" || name === "ipv6-icmp" ? "icmp6" : name;
	const module = findMatchModule(alias);
	if (module?.families && !module.families.includes(scope.family))
		return undefined;
	return module;
}

/** Starts a `-m NAME` (or implicit) match, reporting names iptables lacks. */
export function startMatch(
	name: string,
	column: number,
	implicit: boolean,
	scope: RuleScope,
	registry = matchModuleFor(name, scope),
): MatchBuilder {
	if (!registry) {
		if (!iptablesHasMatch(name, scope.family)) {
			fatal(
				scope.sink,
				"unknown-match",
				`Couldn't load match \`${name}': no such ${scope.family === "ipv4" ? "iptables" : "ip6tables"} extension`,
				scope.line,
				column,
				name.length + 3,
			);
		} else if (!scope.reported.has(`m:${name}`)) {
			scope.reported.add(`m:${name}`);
			report(scope.sink, {
				severity: "warning",
				code: "unknown-match",
				message: `iptx has no module for match \`${name}' (iptables has one); its options are kept as written and it evaluates as unknown (reported once)`,
				line: scope.line,
				column,
				length: name.length + 3,
			});
		}
	}
	return {
		module: name,
		known: registry !== undefined,
		column,
		implicit,
		registry,
		options: noItems(),
	};
}

/** A module that declares no options takes any (iptx keeps them opaque). */
function isOpaque(match: MatchBuilder): boolean {
	return !match.registry || match.registry.optionNames.length === 0;
}

function couldBeExtension(
	state: RuleParseState,
	target: TargetBuilder,
): boolean {
	return (
		!standardVerdicts.has(target.name) &&
		state.scope.chainKind(target.name) === undefined
	);
}

function ownerMatch(
	state: RuleParseState,
	name: string,
): MatchBuilder | undefined {
	const { matches } = state;
	for (let i = matches.length - 1; i >= 0; i--) {
		const match = matches[i] as MatchBuilder;
		if (match.registry?.optionNames.includes(name)) return match;
	}
	for (let i = matches.length - 1; i >= 0; i--) {
		const match = matches[i] as MatchBuilder;
		if (isOpaque(match) && protocolMatchOptions[match.module]?.includes(name))
			return match;
	}
	return undefined;
}

/**
 * The options of the match `-p` loads on demand (`-p tcp --dport 22`);
 * undefined without `-p` or such a match.
 */
export function implicitOptionNames(
	state: RuleParseState,
): readonly string[] | undefined {
	const protocol = state.header.protocol;
	if (!protocol) return undefined;
	const moduleName = protocolModule(protocol.number, state.scope.family);
	if (moduleName === undefined) return undefined;
	const registry = matchModuleFor(moduleName, state.scope);
	return registry && registry.optionNames.length > 0
		? registry.optionNames
		: protocolMatchOptions[moduleName];
}

function implicitMatch(
	state: RuleParseState,
	name: string,
	column: number,
): MatchBuilder | undefined {
	if (!implicitOptionNames(state)?.includes(name)) return undefined;
	const protocol = state.header.protocol;
	if (!protocol) return undefined;
	const moduleName = protocolModule(protocol.number, state.scope.family);
	if (moduleName === undefined) return undefined;
	const match = startMatch(moduleName, column, true, state.scope);
	state.matches = appended(state.matches, match);
	return match;
}

/** Puts a non-header `--option` on the match or target that takes it. */
export function placeOption(
	state: RuleParseState,
	option: OptionBuilder,
	token: Token,
): void {
	const target = state.target;
	const targetModule = target ? findTargetModule(target.name) : undefined;
	let owner: { options: OptionBuilder[] } | undefined;
	if (target && targetModule?.optionNames.includes(option.name)) owner = target;
	owner ??=
		ownerMatch(state, option.name) ??
		implicitMatch(state, option.name, option.column);
	const opaqueTarget = !targetModule || targetModule.optionNames.length === 0;
	if (!owner && target && opaqueTarget && couldBeExtension(state, target))
		owner = target;
	if (!owner) {
		const last = state.matches[state.matches.length - 1];
		if (last && isOpaque(last) && !target) owner = last;
	}
	if (!owner) {
		fatal(
			state.scope.sink,
			"unknown-option",
			`unknown option "${option.name}"`,
			state.scope.line,
			token.column,
			token.length,
		);
		state.owner = option;
		return;
	}
	owner.options = appended(owner.options, option);
	state.owner = option;
	const spec = specOf(state, owner, option.name);
	if (spec)
		option.maxArgs =
			typeof spec.arity === "number" ? spec.arity : spec.arity[1];
	takeArgument(state, option, spec);
	// Matches check their arguments' count; targets only read them by name.
	if (owner === state.target && spec && option.args.length === 0)
		missingArgument(state, option, spec);
}

/** getopt's "requires an argument": the line ended after the option. */
function missingArgument(
	state: RuleParseState,
	option: OptionBuilder,
	spec: OptionSpec,
): void {
	const min = typeof spec.arity === "number" ? spec.arity : spec.arity[0];
	if (min === 0) return;
	fatal(
		state.scope.sink,
		"missing-argument",
		`option "${option.name}" requires an argument`,
		state.scope.line,
		option.column,
		option.name.length,
	);
}

/** What the owner's module declares of option `name`, if it declares it. */
function specOf(
	state: RuleParseState,
	owner: { options: OptionBuilder[] },
	name: string,
): OptionSpec | undefined {
	const module =
		owner === state.target
			? findTargetModule(state.target.name)
			: (owner as MatchBuilder).registry;
	return module?.optionSpecs?.[name];
}

/**
 * The option's first argument as getopt takes it: the next word whatever
 * it is when the option requires one, none when it takes none (a `!`
 * after it then belongs to the next option). `--opt ! x` is the old
 * negation form: iptables 1.8 reads `!` as the value and refuses `x`.
 */
function takeArgument(
	state: RuleParseState,
	option: OptionBuilder,
	spec: OptionSpec | undefined,
): void {
	if (option.args.length > 0) return;
	const min =
		spec === undefined
			? undefined
			: typeof spec.arity === "number"
				? spec.arity
				: spec.arity[0];
	const max =
		spec === undefined
			? undefined
			: typeof spec.arity === "number"
				? spec.arity
				: spec.arity[1];
	if (max === 0) return;
	const next = state.tokens[state.index];
	if (next === undefined) return;
	const bang = !next.quoted && next.text === "!";
	const after = state.tokens[state.index + 1];
	if (
		bang &&
		(min === undefined || (after !== undefined && !isOption(after)))
	) {
		state.index++;
		option.invert = true;
		fatal(
			state.scope.sink,
			"intrapositioned-negation",
			`\`${option.name} ! X' is the old negation form that iptables 1.8 refuses; write \`! ${option.name} X'`,
			state.scope.line,
			next.column,
		);
		return;
	}
	if (min === undefined || min === 0) return;
	state.index++;
	option.args = appended(option.args, next.text);
	option.argTokens = appended(option.argTokens, state.index - 1);
}
