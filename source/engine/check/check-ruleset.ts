/**
 * The checks a real load adds to parsing: what the kernel refuses when
 * iptables-restore commits a table (jump loops, targets and matches outside
 * their tables/hooks or protocol), and what iptables' own userspace refuses
 * per rule (`-o` in PREROUTING, DROP in nat, missing ipsets, ports without a
 * port protocol). `wouldLoad` is the verdict of `iptables-restore` into a
 * fresh network namespace.
 */
import type { Diagnostic } from "../diagnostics.js";
import { findMatchModule } from "../match/registry.js";
import type {
	HookName,
	MatchCall,
	ParseResult,
	Rule,
	Table,
} from "../model/ruleset.js";
import {
	createSink,
	type DiagnosticSink,
	fatal,
} from "../parse/diagnostic-sink.js";
import { findTargetModule } from "../target/registry.js";
import {
	matchHooks,
	matchProtocol,
	type Placement,
	portProtocols,
	targetPlacement,
} from "./load-rules.js";
import { hasOptionHookRules, optionHookErrors } from "./option-hooks.js";
import { computeReachability } from "./reachability.js";

export type CheckSummary = {
	readonly tables: number;
	readonly chains: number;
	readonly rules: number;
	/** Match modules iptx has no module for (iptables may have). */
	readonly unknownMatches: readonly string[];
	readonly unknownTargets: readonly string[];
};

export type CheckReport = {
	/** Parse diagnostics and load-check diagnostics, by line. */
	readonly diagnostics: readonly Diagnostic[];
	/** True when no diagnostic is fatal: iptables-restore would load the file. */
	readonly wouldLoad: boolean;
	readonly summary: CheckSummary;
};

export type CheckOptions = {
	/**
	 * ipsets that exist when the file is loaded (from `ipset save`). Without
	 * it, no set exists, as in a fresh network namespace.
	 */
	readonly ipsets?: ReadonlySet<string>;
	/** File name for the check's own diagnostics. @default the parse diagnostics' source, else "-" */
	readonly source?: string;
};

type RuleContext = {
	readonly sink: DiagnosticSink;
	readonly table: Table;
	readonly hooks: ReadonlySet<HookName>;
	readonly options: CheckOptions;
};

const noHooks: ReadonlySet<HookName> = new Set();

function optionArg(
	options: MatchCall["options"],
	names: readonly string[],
): { value: string; column: number }[] {
	const found: { value: string; column: number }[] = [];
	for (const option of options) {
		if (names.includes(option.name) && option.args[0] !== undefined)
			found.push({ value: option.args[0], column: option.column });
	}
	return found;
}

function hasProtocol(rule: Rule, allowed: readonly number[]): boolean {
	const protocol = rule.header.protocol;
	return (
		protocol !== undefined &&
		!protocol.invert &&
		allowed.includes(protocol.number)
	);
}

function via(rule: Rule, hooks: ReadonlySet<HookName>): string {
	const list = [...hooks].join(", ");
	return rule.chain === list
		? ""
		: ` (chain ${rule.chain} is reached from ${list})`;
}

function checkPlacement(
	context: RuleContext,
	rule: Rule,
	what: string,
	placement: Placement,
	column: number,
): void {
	const { sink, table, hooks } = context;
	if (placement.tables && !placement.tables.includes(table.name)) {
		fatal(
			sink,
			"target-table",
			`${what} is only valid in table ${placement.tables.join(" or ")}, not ${table.name} (the kernel refuses the table)`,
			rule.line,
			column,
			what.length,
		);
		return;
	}
	const allowed = placement.hooks;
	if (!allowed) return;
	const bad = [...hooks].filter((hook) => !allowed.includes(hook));
	if (bad.length > 0) {
		fatal(
			sink,
			"target-hook",
			`${what} is only valid in ${allowed.join(", ")}, not ${bad.join(", ")}${via(rule, hooks)} (the kernel refuses the table)`,
			rule.line,
			column,
			what.length,
		);
	}
}

function checkTarget(context: RuleContext, rule: Rule): void {
	const target = rule.target;
	if (!target) return;
	const { sink, table } = context;
	if (
		target.name === "DROP" &&
		table.name === "nat" &&
		target.kind === "verdict"
	) {
		fatal(
			sink,
			"drop-in-nat",
			'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.',
			rule.line,
			target.column,
			4,
		);
	}
	if (target.kind !== "extension" && target.kind !== "unknown") return;
	const module = findTargetModule(target.name);
	const fallback = targetPlacement[target.name];
	const placement: Placement | undefined =
		module?.tables || module?.hooks
			? {
					...(module.tables ? { tables: module.tables } : {}),
					...(module.hooks ? { hooks: module.hooks } : {}),
				}
			: fallback;
	if (placement)
		checkPlacement(context, rule, target.name, placement, target.column);
	checkTargetProtocol(context, rule, module?.needsTcp === true);
}

function checkTargetProtocol(
	context: RuleContext,
	rule: Rule,
	needsTcp: boolean,
): void {
	const target = rule.target;
	if (!target) return;
	const { sink } = context;
	const name = target.name;
	const resetWith =
		name === "REJECT"
			? optionArg(target.options, ["--reject-with"]).find(
					(o) => o.value === "tcp-reset",
				)
			: undefined;
	if (name === "REJECT" && resetWith && !hasProtocol(rule, [6])) {
		fatal(
			sink,
			"reject-tcp-reset",
			"REJECT --reject-with tcp-reset needs -p tcp (not inverted): the kernel refuses it for other protocols",
			rule.line,
			resetWith.column,
			"--reject-with".length,
		);
	}
	if (
		(needsTcp ||
			name === "TCPMSS" ||
			name === "TCPOPTSTRIP" ||
			name === "SYNPROXY") &&
		!hasProtocol(rule, [6])
	) {
		fatal(
			sink,
			"target-protocol",
			`${name} is only valid with -p tcp (the kernel refuses it otherwise)`,
			rule.line,
			target.column,
			name.length,
		);
	} else if (name === "TCPMSS" && !hasSynTest(rule)) {
		fatal(
			sink,
			"target-protocol",
			"TCPMSS only works on TCP SYN packets: add --tcp-flags SYN,RST SYN (or --syn)",
			rule.line,
			target.column,
			name.length,
		);
	}
	if (name === "TPROXY" && !hasProtocol(rule, [6, 17])) {
		fatal(
			sink,
			"target-protocol",
			"TPROXY can be used only with -p tcp or -p udp",
			rule.line,
			target.column,
			name.length,
		);
	}
	const natPorts =
		["DNAT", "SNAT", "MASQUERADE", "REDIRECT"].includes(name) &&
		natUsesPorts(target.options);
	if (natPorts && !hasProtocol(rule, portProtocols)) {
		fatal(
			sink,
			"nat-ports",
			`${name} with a port needs -p tcp, udp, sctp or dccp`,
			rule.line,
			target.column,
			name.length,
		);
	}
}

function natUsesPorts(options: MatchCall["options"]): boolean {
	for (const option of options) {
		if (option.name === "--to-ports" || option.name === "--to-port")
			return true;
		if (
			option.name !== "--to-destination" &&
			option.name !== "--to-source" &&
			option.name !== "--to"
		)
			continue;
		const value = option.args[0] ?? "";
		const bracket = value.lastIndexOf("]");
		const colon = value.lastIndexOf(":");
		if (value.startsWith("[") ? colon > bracket : value.split(":").length === 2)
			return true;
	}
	return false;
}

function hasSynTest(rule: Rule): boolean {
	for (const match of rule.matches) {
		if (match.module !== "tcp") continue;
		for (const option of match.options) {
			if (option.invert) continue;
			if (option.name === "--syn") return true;
			if (option.name === "--tcp-flags") {
				const [mask = "", comp = ""] = option.args;
				const has = (list: string) =>
					list.split(",").some((flag) => flag === "SYN" || flag === "ALL");
				if (has(mask) && has(comp)) return true;
			}
		}
	}
	return false;
}

function checkMatches(context: RuleContext, rule: Rule): void {
	const { sink, hooks } = context;
	for (const match of rule.matches) {
		const name =
			match.module === "icmpv6" || match.module === "ipv6-icmp"
				? "icmp6"
				: match.module;
		const proto = matchProtocol[name];
		if (proto !== undefined && !hasProtocol(rule, [proto])) {
			fatal(
				sink,
				"match-protocol",
				`match ${name} needs -p ${name === "icmp6" ? "ipv6-icmp" : name === "tcpmss" ? "tcp" : name} (not inverted): the kernel refuses it otherwise`,
				rule.line,
				match.column,
				name.length + 3,
			);
		}
		if (name === "multiport" && !hasProtocol(rule, portProtocols)) {
			fatal(
				sink,
				"match-protocol",
				"multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
				rule.line,
				match.column,
				12,
			);
		}
		const allowed = findMatchModule(name)?.allowedHooks ?? matchHooks[name];
		const bad = allowed
			? [...hooks].filter((hook) => !allowed.includes(hook))
			: [];
		if (allowed && bad.length > 0) {
			fatal(
				sink,
				"match-hook",
				`match ${name} is only valid in ${allowed.join(", ")}, not ${bad.join(", ")}${via(rule, hooks)} (the kernel refuses the table)`,
				rule.line,
				match.column,
				name.length + 3,
			);
		}
		if (name === "set")
			checkSets(
				context,
				rule,
				optionArg(match.options, ["--match-set", "--set"]),
			);
		// Only a few modules' limits depend on options: reading `options`
		// rebuilds them from the line, so the others never ask.
		if (!hasOptionHookRules(name)) continue;
		for (const message of optionHookErrors(name, match.options, hooks))
			fatal(
				sink,
				"match-hook",
				message,
				rule.line,
				match.column,
				name.length + 3,
			);
	}
	if (rule.target?.name === "SET")
		checkSets(
			context,
			rule,
			optionArg(rule.target.options, ["--add-set", "--del-set", "--map-set"]),
		);
}

function checkSets(
	context: RuleContext,
	rule: Rule,
	sets: readonly { value: string; column: number }[],
): void {
	for (const set of sets) {
		if (context.options.ipsets?.has(set.value)) continue;
		const hint = context.options.ipsets
			? "not in the given ipset file"
			: "no ipset file given (--ipset FILE with `ipset save` output)";
		fatal(
			context.sink,
			"missing-ipset",
			`Set ${set.value} doesn't exist (${hint})`,
			rule.line,
			set.column,
			set.value.length,
		);
	}
}

function checkInterfaces(context: RuleContext, rule: Rule): void {
	const { header } = rule;
	const { sink } = context;
	if (
		header.outInterface &&
		(rule.chain === "PREROUTING" || rule.chain === "INPUT")
	) {
		const column = optionColumn(
			rule.text,
			/(^|[\s!])(-o|--out-interface)[\s=]/,
		);
		fatal(
			sink,
			"interface-direction",
			`Can't use -o with ${rule.chain}: packets there have no output interface yet`,
			rule.line,
			column,
			2,
		);
	}
	if (
		header.inInterface &&
		(rule.chain === "OUTPUT" || rule.chain === "POSTROUTING")
	) {
		const column = optionColumn(rule.text, /(^|[\s!])(-i|--in-interface)[\s=]/);
		fatal(
			sink,
			"interface-direction",
			`Can't use -i with ${rule.chain}: locally generated packets have no input interface`,
			rule.line,
			column,
			2,
		);
	}
}

function optionColumn(text: string, pattern: RegExp): number {
	const found = pattern.exec(text);
	return found ? found.index + (found[1]?.length ?? 0) + 1 : 1;
}

function checkTable(
	table: Table,
	sink: DiagnosticSink,
	options: CheckOptions,
): void {
	const reach = computeReachability(table);
	for (const loop of reach.loops) {
		const column = loop.rule.target?.column ?? 1;
		fatal(
			sink,
			"jump-loop",
			`loop of jumps ${loop.path.join(" → ")}: the kernel refuses the table (ELOOP)`,
			loop.rule.line,
			column,
			loop.rule.target?.name.length ?? 1,
		);
	}
	for (const chain of table.chains.values()) {
		const hooks = reach.hooks.get(chain.name) ?? noHooks;
		const context: RuleContext = { sink, table, hooks, options };
		for (const rule of chain.rules) {
			checkInterfaces(context, rule);
			checkTarget(context, rule);
			checkMatches(context, rule);
		}
	}
}

function summarize(result: ParseResult): CheckSummary {
	const unknownMatches = new Set<string>();
	const unknownTargets = new Set<string>();
	let chains = 0;
	for (const table of result.ruleset.tables.values()) {
		chains += table.chains.size;
		for (const chain of table.chains.values()) {
			for (const rule of chain.rules) {
				for (const match of rule.matches)
					if (!match.known) unknownMatches.add(match.module);
				if (rule.target?.kind === "unknown")
					unknownTargets.add(rule.target.name);
			}
		}
	}
	return {
		tables: result.ruleset.tables.size,
		chains,
		rules: result.ruleset.ruleCount,
		unknownMatches: [...unknownMatches].sort(),
		unknownTargets: [...unknownTargets].sort(),
	};
}

/** Adds the load-time checks to a parse result and gives the verdict. */
export function checkRuleset(
	result: ParseResult,
	options: CheckOptions = {},
): CheckReport {
	const source = options.source ?? result.diagnostics[0]?.source ?? "-";
	const sink = createSink(source);
	for (const table of result.ruleset.tables.values())
		checkTable(table, sink, options);
	const diagnostics = [
		...result.diagnostics,
		...sink.list.map((d) => ({ ...d, source })),
	];
	diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
	return {
		diagnostics,
		wouldLoad: !diagnostics.some((d) => d.fatal === true) && !sink.omittedFatal,
		summary: summarize(result),
	};
}
