/**
 * Which match or target an `--option` belongs to, and turning the grouped
 * options into MatchCall/TargetCall through the registries. Mirrors how
 * iptables merges every loaded module's options into one getopt table and
 * loads the protocol's match implicitly (`-p tcp --dport 22`).
 */
import { findMatchModule } from "../match/registry.js";
import type { AnyMatchModule, ParseContext } from "../match/types.js";
import type { MatchCall, RawOption, TargetCall } from "../model/ruleset.js";
import { protocolModule } from "../net/protocol.js";
import { findTargetModule } from "../target/registry.js";
import type { AnyTargetModule } from "../target/types.js";
import { type DiagnosticSink, fatal, report } from "./diagnostic-sink.js";
import {
	iptablesHasMatch,
	iptablesHasTarget,
	protocolMatchOptions,
} from "./known-extensions.js";
import {
	LazyMatchCall,
	LazyTargetCall,
	type LineSource,
	type OptionBuilder,
	rawOptions,
} from "./lazy-calls.js";
import type { RuleParseState, RuleScope } from "./rule-state.js";
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

const verdictNames = new Map(
	["ACCEPT", "DROP", "RETURN", "QUEUE"].map((name) => [name, name]),
);
const standardVerdicts: ReadonlySet<string> = new Set(verdictNames.keys());

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

function implicitMatch(
	state: RuleParseState,
	name: string,
	column: number,
): MatchBuilder | undefined {
	const protocol = state.header.protocol;
	if (!protocol) return undefined;
	const moduleName = protocolModule(protocol.number, state.scope.family);
	if (moduleName === undefined) return undefined;
	const registry = matchModuleFor(moduleName, state.scope);
	const takes =
		registry && registry.optionNames.length > 0
			? registry.optionNames.includes(name)
			: protocolMatchOptions[moduleName]?.includes(name);
	if (!takes) return undefined;
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
	const next = state.tokens[state.index];
	if (next && !next.quoted && next.text === "!" && option.args.length === 0) {
		state.index++;
		option.invert = true;
		fatal(
			state.scope.sink,
			"intrapositioned-negation",
			`\`${option.name} ! X' is the old negation form that iptables 1.8 refuses; write \`! ${option.name} X'`,
			state.scope.line,
			next.column,
		);
	}
}

type ModuleDiagnostics = ReturnType<AnyMatchModule["parse"]>["diagnostics"];

function relay(
	diagnostics: ModuleDiagnostics,
	sink: DiagnosticSink,
	line: number,
): void {
	for (const d of diagnostics) {
		const isFatal = d.fatal ?? d.severity === "error";
		report(sink, {
			severity: d.severity,
			code: d.code,
			message: d.message,
			line,
			column: d.column,
			length: d.length,
			fatal: isFatal,
		});
	}
}

function runParse<D>(
	module: {
		readonly name: string;
		readonly parse: (
			options: readonly RawOption[],
			context: ParseContext,
		) => { readonly data: D; readonly diagnostics: ModuleDiagnostics };
	},
	options: readonly RawOption[],
	context: ParseContext,
	sink: DiagnosticSink,
	column: number,
): D | undefined {
	try {
		const result = module.parse(options, context);
		if (result.diagnostics.length > 0)
			relay(result.diagnostics, sink, context.line);
		return result.data;
	} catch (error) {
		report(sink, {
			severity: "error",
			code: "internal-error",
			message: `iptx module \`${module.name}' failed to parse its options: ${String(error)}`,
			line: context.line,
			column,
		});
		return undefined;
	}
}

/** Parses one match's options with its module: the data, or undefined. */
function matchData(
	builder: MatchBuilder,
	options: readonly RawOption[],
	context: ParseContext,
	sink: DiagnosticSink,
): unknown {
	return builder.registry
		? runParse(builder.registry, options, context, sink, builder.column)
		: undefined;
}

/** Reports what the matches' modules find wrong, building nothing. */
export function checkMatches(
	builders: readonly MatchBuilder[],
	context: ParseContext,
	sink: DiagnosticSink,
): void {
	// The builders serve as the options: nothing is kept, so no copies.
	for (const builder of builders)
		matchData(builder, builder.options, context, sink);
}

/** Turns builders into MatchCalls, parsing known modules' options. */
export function finishMatches(
	builders: readonly MatchBuilder[],
	context: ParseContext,
	sink: DiagnosticSink,
	source: LineSource,
): MatchCall[] {
	return builders.map((builder): MatchCall => {
		const options = rawOptions(builder.options);
		const data = matchData(builder, options, context, sink);
		const module =
			builder.module === builder.registry?.name
				? builder.registry.name
				: builder.module;
		return new LazyMatchCall(
			{
				module,
				known: builder.registry !== undefined,
				data,
				implicit: builder.implicit,
				column: builder.column,
			},
			source,
			builder.options,
			options,
		);
	});
}

function targetKind(
	builder: TargetBuilder,
	state: RuleParseState,
): TargetCall["kind"] {
	const { scope } = state;
	const { sink, line } = scope;
	const chain = scope.chainKind(builder.name);
	if (builder.goto) {
		if (chain !== "user")
			fatal(
				sink,
				chain === "builtin" ? "jump-to-builtin" : "missing-chain",
				`goto '${builder.name}' is not a chain`,
				line,
				builder.column,
				builder.length,
			);
		return "goto";
	}
	if (standardVerdicts.has(builder.name)) return "verdict";
	if (chain === "builtin") {
		fatal(
			sink,
			"jump-to-builtin",
			`cannot jump to built-in chain ${builder.name} (the kernel refuses it)`,
			line,
			builder.column,
			builder.length,
		);
		return "jump";
	}
	if (chain === "user") return "jump";
	const module: AnyTargetModule | undefined = findTargetModule(builder.name);
	if (module && iptablesHasTarget(builder.name, scope.family))
		return "extension";
	if (iptablesHasTarget(builder.name, scope.family)) {
		if (!scope.reported.has(`t:${builder.name}`)) {
			scope.reported.add(`t:${builder.name}`);
			report(sink, {
				severity: "warning",
				code: "unknown-target",
				message: `iptx has no module for target \`${builder.name}' (iptables has one); it is kept as written and evaluates as unknown (reported once)`,
				line,
				column: builder.column,
				length: builder.length,
			});
		}
		return "unknown";
	}
	const crlf = builder.name.endsWith("\r")
		? " (the line ends with a carriage return: CRLF line endings)"
		: "";
	fatal(
		sink,
		"missing-chain",
		`Couldn't load target \`${builder.name}': no chain of that name in table ${scope.table} (declared so far) and no such target${crlf}`,
		line,
		builder.column,
		builder.length,
	);
	return "unknown";
}

/** The target name as a shared string: the chain's, the verdict's or the module's. */
function targetName(
	name: string,
	kind: TargetCall["kind"],
	scope: RuleScope,
): string {
	switch (kind) {
		case "jump":
		case "goto":
			return scope.chainName(name) ?? name;
		case "verdict":
			return verdictNames.get(name) ?? name;
		case "extension":
			return findTargetModule(name)?.name ?? name;
		case "unknown":
			return name;
		default: {
			const never: never = kind;
			return never;
		}
	}
}

type ResolvedTarget = {
	readonly kind: TargetCall["kind"];
	readonly options: readonly RawOption[];
	readonly data: unknown;
};

/** The target's kind and its extension's data, reporting what is wrong. */
function resolveTarget(
	builder: TargetBuilder,
	state: RuleParseState,
	scope: RuleScope,
	options: readonly RawOption[],
): ResolvedTarget {
	const kind = targetKind(builder, state);
	let data: unknown;
	if (kind === "extension") {
		const module = findTargetModule(builder.name) as AnyTargetModule;
		data = runParse(
			module,
			options,
			parseContextOf(state, scope),
			scope.sink,
			builder.column,
		);
	} else if (
		(kind === "verdict" || kind === "jump" || kind === "goto") &&
		options.length > 0
	) {
		const first = options[0] as RawOption;
		fatal(
			scope.sink,
			"unknown-option",
			`unknown option "${first.name}" (${builder.name} takes no options)`,
			scope.line,
			first.column,
			first.name.length,
		);
	}
	return { kind, options, data };
}

/** Reports what is wrong with `-j`/`-g`, building nothing. */
/** Reports what is wrong with the target; its kind. */
export function checkTarget(
	builder: TargetBuilder,
	state: RuleParseState,
	scope: RuleScope,
): TargetCall["kind"] {
	return resolveTarget(builder, state, scope, builder.options).kind;
}

/** Resolves `-j`/`-g` to a TargetCall, parsing an extension's options. */
export function finishTarget(
	builder: TargetBuilder,
	state: RuleParseState,
	scope: RuleScope,
): TargetCall {
	const { kind, options, data } = resolveTarget(
		builder,
		state,
		scope,
		rawOptions(builder.options),
	);
	return LazyTargetCall.of(
		{
			name: targetName(builder.name, kind, scope),
			kind,
			data,
			column: builder.column,
		},
		scope,
		builder.options,
		options,
	);
}

/**
 * What an extension's parser may know of its rule: table, chain and the
 * `-p` given so far (0 when none), as libxtables passes them to a module.
 */
export function parseContextOf(
	state: RuleParseState,
	scope: RuleScope,
): ParseContext {
	const protocol = state.header.protocol;
	return {
		table: scope.table,
		chain: state.chain ?? "",
		family: scope.family,
		protocol: protocol?.number ?? 0,
		protocolInverted: protocol?.invert ?? false,
		source: scope.sink.source,
		line: scope.line,
	};
}
