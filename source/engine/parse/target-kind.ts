/**
 * What `-j NAME`/`-g NAME` names, as iptables resolves it: a verdict, a
 * chain of the table, an extension target, or nothing (reported).
 */
import type { TargetCall } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";
import { fatal, report } from "./diagnostic-sink.js";
import { iptablesHasTarget } from "./known-extensions.js";
import {
	standardVerdicts,
	type TargetBuilder,
	verdictNames,
} from "./rule-options.js";
import type { RuleParseState, RuleScope } from "./rule-state.js";

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

export function targetKind(
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
export function targetName(
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
