/**
 * The load checks of one rule, from what the rule says (a built Rule or a
 * line as the parser checked it): its table, protocol, interfaces and
 * ipsets are judged at once; limits on the hooks that may reach its chain,
 * and its jumps, are handed on for the jump graph (table-check.ts).
 */
import { findMatchModule } from "../match/registry.js";
import type {
	Family,
	HookName,
	RawOption,
	TableName,
} from "../model/ruleset.js";
import type { RuleFacts } from "../parse/checked-rule.js";
import { placementOf } from "./load-rules.js";
import { hasOptionHookRules } from "./option-hooks.js";
import {
	hasProtocol,
	hasSynTest,
	optionArg,
	optionColumn,
	tcpOnly,
	tcpOrUdp,
} from "./rule-reading.js";

/** Steps, in the order the checks of one rule run (problems sort by them). */
export const step = {
	loop: 0,
	outInterface: 1,
	inInterface: 2,
	dropInNat: 3,
	placement: 4,
	rejectReset: 5,
	targetProtocol: 6,
	tproxy: 7,
	/** Match i's checks are matches + 10 i + its own step; the SET target's come last. */
	matches: 10,
} as const;

const matchStep = { protocol: 0, hooks: 2, sets: 3, options: 4 };

/** Where on the rule's line a finding is, and at which step. */
export type FindingAt = {
	readonly column: number;
	readonly length: number;
	readonly step: number;
};

/** What the checks of one rule find, told to whoever collects them. */
export type RuleFindings = {
	/** A problem the kernel or iptables refuses the rule for. */
	readonly problem: (at: FindingAt, code: string, message: string) => void;
	/**
	 * A limit on the hooks that may reach the rule's chain: `allowed`
	 * hooks, or for a match whose limits depend on them, its `options`.
	 */
	readonly hookLimit: (
		at: FindingAt,
		code: "target-hook" | "match-hook",
		what: string,
		limit:
			| { readonly allowed: readonly HookName[] }
			| { readonly options: readonly RawOption[] },
	) => void;
	/** The rule jumps or goes to a chain named `name` (if there is one). */
	readonly jump: (name: string, column: number) => void;
	readonly unknownMatch: (name: string) => void;
	readonly unknownTarget: (name: string) => void;
};

type Target = NonNullable<RuleFacts["target"]>;

/** iptables refuses an interface that a packet in that chain cannot have. */
const interfaceLimits: readonly {
	readonly field: "outInterface" | "inInterface";
	readonly flag: string;
	readonly option: RegExp;
	readonly chains: readonly string[];
	readonly step: number;
	readonly why: string;
}[] = [
	{
		field: "outInterface",
		flag: "-o",
		option: /(^|[\s!])(-o|--out-interface)[\s=]/,
		chains: ["PREROUTING", "INPUT"],
		step: step.outInterface,
		why: "packets there have no output interface yet",
	},
	{
		field: "inInterface",
		flag: "-i",
		option: /(^|[\s!])(-i|--in-interface)[\s=]/,
		chains: ["OUTPUT", "POSTROUTING"],
		step: step.inInterface,
		why: "locally generated packets have no input interface",
	},
];

/** Checks one rule of `table`; `ipsets`: the sets that exist (none: no file given). */
export function checkRule(
	rule: RuleFacts,
	table: TableName,
	family: Family,
	ipsets: ReadonlySet<string> | undefined,
	found: RuleFindings,
): void {
	const { header, chain, matches, target } = rule;
	for (const limit of interfaceLimits)
		if (header[limit.field] && limit.chains.includes(chain))
			found.problem(
				{
					column: optionColumn(rule.text, limit.option),
					length: 2,
					step: limit.step,
				},
				"interface-direction",
				`Can't use ${limit.flag} with ${chain}: ${limit.why}`,
			);
	if (target) checkTarget(rule, target, table, found);
	for (let i = 0; i < matches.length; i++)
		checkMatch(
			rule,
			matches[i] as RuleFacts["matches"][number],
			step.matches + 10 * i,
			family,
			ipsets,
			found,
		);
	if (target?.name === "SET")
		checkSets(
			optionArg(target.options, ["--add-set", "--del-set", "--map-set"]),
			step.matches + 10 * matches.length,
			ipsets,
			found,
		);
}

function checkTarget(
	rule: RuleFacts,
	target: Target,
	table: TableName,
	found: RuleFindings,
): void {
	const { name, kind, column } = target;
	if (kind === "jump" || kind === "goto") {
		found.jump(name, column);
		return;
	}
	if (kind === "verdict") {
		if (name === "DROP" && table === "nat")
			found.problem(
				{ column, length: 4, step: step.dropInNat },
				"drop-in-nat",
				'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.',
			);
		return;
	}
	if (kind === "unknown") found.unknownTarget(name);
	const placement = placementOf(name);
	const at = { column, length: name.length, step: step.placement };
	if (placement?.tables && !placement.tables.includes(table))
		found.problem(
			at,
			"target-table",
			`${name} is only valid in table ${placement.tables.join(" or ")}, not ${table} (the kernel refuses the table)`,
		);
	else if (placement?.hooks)
		found.hookLimit(at, "target-hook", name, { allowed: placement.hooks });
	checkTargetProtocol(rule, target, found);
}

function checkTargetProtocol(
	rule: RuleFacts,
	target: Target,
	found: RuleFindings,
): void {
	const { name, column } = target;
	const { header } = rule;
	const at = (order: number): FindingAt => ({
		column,
		length: name.length,
		step: order,
	});
	if (name === "REJECT") {
		const resetWith = optionArg(target.options, ["--reject-with"]).find(
			(o) => o.value === "tcp-reset",
		);
		if (resetWith && !hasProtocol(header, tcpOnly))
			found.problem(
				{
					column: resetWith.column,
					length: "--reject-with".length,
					step: step.rejectReset,
				},
				"reject-tcp-reset",
				"REJECT --reject-with tcp-reset needs -p tcp (not inverted): the kernel refuses it for other protocols",
			);
	}
	const needsTcp = placementOf(name)?.needsTcp === true;
	if (needsTcp && !hasProtocol(header, tcpOnly))
		found.problem(
			at(step.targetProtocol),
			"target-protocol",
			`${name} is only valid with -p tcp (the kernel refuses it otherwise)`,
		);
	else if (name === "TCPMSS" && !hasSynTest(rule))
		found.problem(
			at(step.targetProtocol),
			"target-protocol",
			"TCPMSS only works on TCP SYN packets: add --tcp-flags SYN,RST SYN (or --syn)",
		);
	if (name === "TPROXY" && !hasProtocol(header, tcpOrUdp))
		found.problem(
			at(step.tproxy),
			"target-protocol",
			"TPROXY can be used only with -p tcp or -p udp",
		);
}

function checkMatch(
	rule: RuleFacts,
	match: RuleFacts["matches"][number],
	base: number,
	family: Family,
	ipsets: ReadonlySet<string> | undefined,
	found: RuleFindings,
): void {
	if (!match.known) found.unknownMatch(match.module);
	const { header } = rule;
	const name =
		match.module === "icmpv6" || match.module === "ipv6-icmp"
			? "icmp6"
			: match.module;
	const { column } = match;
	const at = (order: number, length = name.length + 3): FindingAt => ({
		column,
		length,
		step: base + order,
	});
	const module = findMatchModule(name);
	const need = module?.protocol;
	if (
		need !== undefined &&
		(need.families === undefined || need.families.includes(family)) &&
		!hasProtocol(header, need.numbers)
	)
		found.problem(
			at(matchStep.protocol),
			"match-protocol",
			need.message ??
				`match ${name} needs -p ${need.name} (not inverted): the kernel refuses it otherwise`,
		);
	const allowed = module?.allowedHooks;
	if (allowed)
		found.hookLimit(at(matchStep.hooks), "match-hook", name, { allowed });
	if (name === "set")
		checkSets(
			optionArg(match.options, ["--match-set", "--set"]),
			base + matchStep.sets,
			ipsets,
			found,
		);
	// Only a few modules' limits depend on options: reading `options`
	// of a built rule rebuilds them from its line, so the others never ask.
	if (hasOptionHookRules(name))
		found.hookLimit(at(matchStep.options), "match-hook", name, {
			options: match.options,
		});
}

function checkSets(
	sets: readonly { value: string; column: number }[],
	order: number,
	ipsets: ReadonlySet<string> | undefined,
	found: RuleFindings,
): void {
	for (const set of sets) {
		if (ipsets?.has(set.value)) continue;
		const hint = ipsets
			? "not in the given ipset file"
			: "no ipset file given (--ipset FILE with `ipset save` output)";
		found.problem(
			{ column: set.column, length: set.value.length, step: order },
			"missing-ipset",
			`Set ${set.value} doesn't exist (${hint})`,
		);
	}
}
