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
import {
	LazyMatchCall,
	LazyTargetCall,
	type LineSource,
	rawOptions,
} from "./lazy-calls.js";
import type { MatchBuilder, TargetBuilder } from "./rule-options.js";
import type { RuleParseState, RuleScope } from "./rule-state.js";
import { targetKind, targetName } from "./target-kind.js";

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
	const module = builder.registry;
	if (!module) return undefined;
	reportMissingOption(module, options, sink, context.line, builder.column);
	return runParse(module, options, context, sink, builder.column);
}

/** A match or target given none of the options it requires (XTOPT_MAND, or its final check). */
function reportMissingOption(
	module: { readonly name: string; readonly required?: readonly string[] },
	options: readonly RawOption[],
	sink: DiagnosticSink,
	line: number,
	column: number,
): void {
	const required = module.required;
	if (required && !options.some((option) => required.includes(option.name)))
		fatal(
			sink,
			"missing-option",
			required.length === 1
				? `${module.name}: option "${required[0]}" must be specified`
				: `${module.name}: at least one of ${required.join(", ")} is required`,
			line,
			column,
			module.name.length + 3,
		);
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
	if (kind === "extension") {
		const module = findTargetModule(builder.name) as AnyTargetModule;
		reportMissingOption(
			module,
			options,
			scope.sink,
			scope.line,
			builder.column,
		);
		return runParse(module, options, context, scope.sink, builder.column);
	}
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
