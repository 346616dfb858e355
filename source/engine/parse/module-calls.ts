/**
 * Grouped options → MatchCall and TargetCall through the registries: each
 * module parses its options (problems become diagnostics at the rule's
 * line), and `-j NAME` resolves to a verdict, a chain or an extension, as
 * iptables resolves it. Checking a line runs the same parses, keeping nothing.
 */
import type { AnyMatchModule, ParseContext } from "../match/types.js";
import type { MatchCall, RawOption, TargetCall } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";
import type { AnyTargetModule } from "../target/types.js";
import { type DiagnosticSink, fatal, report } from "./diagnostic-sink.js";
import { iptablesHasTarget } from "./known-extensions.js";
import {
	LazyMatchCall,
	LazyTargetCall,
	type LineSource,
	rawOptions,
} from "./lazy-calls.js";
import {
	type MatchBuilder,
	standardVerdicts,
	type TargetBuilder,
	verdictNames,
} from "./rule-options.js";
import type { RuleParseState, RuleScope } from "./rule-state.js";

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

/**
 * The kind of a target that is named without a problem: a verdict, a user
 * chain, or an extension iptx has. Undefined when there is something to
 * report (targetKind says what).
 */
export function quietTargetKind(
	name: string,
	goto: boolean,
	scope: RuleScope,
): TargetCall["kind"] | undefined {
	const chain = scope.chainKind(name);
	if (goto) return chain === "user" ? "goto" : undefined;
	if (standardVerdicts.has(name)) return "verdict";
	if (chain === "user") return "jump";
	if (
		chain === undefined &&
		findTargetModule(name) !== undefined &&
		iptablesHasTarget(name, scope.family)
	)
		return "extension";
	return undefined;
}

function targetKind(
	builder: TargetBuilder,
	state: RuleParseState,
): TargetCall["kind"] {
	const { scope } = state;
	const quiet = quietTargetKind(builder.name, builder.goto, scope);
	if (quiet !== undefined) return quiet;
	const { sink, line } = scope;
	const chain = scope.chainKind(builder.name);
	if (builder.goto) {
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

/**
 * The data of an extension target of `kind`, parsed from `options` (its
 * problems reported); a verdict or chain given options is an error.
 */
function targetData(
	builder: TargetBuilder,
	kind: TargetCall["kind"],
	options: readonly RawOption[],
	context: ParseContext,
	scope: RuleScope,
): unknown {
	if (kind === "extension")
		return runParse(
			findTargetModule(builder.name) as AnyTargetModule,
			options,
			context,
			scope.sink,
			builder.column,
		);
	if (
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
	return undefined;
}

/** Reports what is wrong with the target, building nothing; its kind. */
export function checkTarget(
	builder: TargetBuilder,
	state: RuleParseState,
	scope: RuleScope,
	context: ParseContext,
): TargetCall["kind"] {
	const kind = targetKind(builder, state);
	targetData(builder, kind, builder.options, context, scope);
	return kind;
}

/** Resolves `-j`/`-g` to a TargetCall, parsing an extension's options. */
export function finishTarget(
	builder: TargetBuilder,
	state: RuleParseState,
	scope: RuleScope,
): TargetCall {
	const kind = targetKind(builder, state);
	const options = rawOptions(builder.options);
	const data = targetData(
		builder,
		kind,
		options,
		parseContextOf(state, scope),
		scope,
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
