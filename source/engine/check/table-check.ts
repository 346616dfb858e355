/**
 * The load checks of one table, fed one rule at a time: from built rules,
 * or from lines as the parser checks them (`iptx check` on a 100,000-rule
 * file need not build a single rule). What a rule shows by itself (its
 * table, protocol, interfaces, ipsets) is checked as it comes; what depends
 * on the hooks that reach its chain waits, compactly, for the jump graph.
 */
import { findMatchModule } from "../match/registry.js";
import type { HookName, RawOption, TableName } from "../model/ruleset.js";
import type { RuleFacts } from "../parse/checked-rule.js";
import { fatalProblem, type Problem } from "../parse/diagnostic-sink.js";
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

export type CheckOptions = {
	/**
	 * ipsets that exist when the file is loaded (from `ipset save`). Without
	 * it, no set exists, as in a fresh network namespace.
	 */
	readonly ipsets?: ReadonlySet<string>;
	/** File name for the check's own diagnostics. @default the parse diagnostics' source, else "-" */
	readonly source?: string;
};

/**
 * A problem and where it sorts among those on its line and column: by rule
 * (a `-s a,b` line is two rules) and by the step of the checks that found it.
 */
export type RankedProblem = {
	readonly problem: Problem;
	readonly rule: number;
	readonly step: number;
};

/** A limit that depends on the hooks reaching the rule's chain. */
type HookLimit = {
	readonly rule: number;
	readonly step: number;
	readonly chain: string;
	/** The chain's number in this check. */
	readonly chainNumber: number;
	readonly line: number;
	readonly column: number;
	readonly length: number;
	readonly code: string;
	readonly what: string;
	/** Hooks allowed, or for option limits the options to judge. */
	readonly allowed: readonly HookName[] | undefined;
	readonly options: readonly RawOption[] | undefined;
};

/** Steps, in the order the checks of one rule run. */
const step = {
	loop: 0,
	outInterface: 1,
	inInterface: 2,
	dropInNat: 3,
	placement: 4,
	rejectReset: 5,
	targetProtocol: 6,
	tproxy: 7,
	natPorts: 8,
	/** Match i's checks are matches + 10 i + its own step; the SET target's come last. */
	matches: 10,
} as const;

const matchStep = { protocol: 0, multiport: 1, hooks: 2, sets: 3, options: 4 };

/**
 * A checked line's chain and target by the parser's numbers: the table's
 * chains in the order it made them (-1: no chain). All of a check's rules
 * come with them, or none.
 */
export type ChainNumbers = {
	readonly chainNumber: number;
	readonly targetNumber: number;
};

type Header = RuleFacts["header"];
type Target = NonNullable<RuleFacts["target"]>;

function hasProtocol(header: Header, allowed: readonly number[]): boolean {
	const protocol = header.protocol;
	return (
		protocol !== undefined &&
		!protocol.invert &&
		allowed.includes(protocol.number)
	);
}

function optionArg(
	options: readonly RawOption[],
	names: readonly string[],
): { value: string; column: number }[] {
	const found: { value: string; column: number }[] = [];
	for (const option of options) {
		if (names.includes(option.name) && option.args[0] !== undefined)
			found.push({ value: option.args[0], column: option.column });
	}
	return found;
}

function natUsesPorts(options: readonly RawOption[]): boolean {
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

function hasSynTest(rule: RuleFacts): boolean {
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

function optionColumn(text: string, pattern: RegExp): number {
	const found = pattern.exec(text);
	return found ? found.index + (found[1]?.length ?? 0) + 1 : 1;
}

function via(chain: string, hooks: ReadonlySet<HookName>): string {
	const list = [...hooks].join(", ");
	return chain === list ? "" : ` (chain ${chain} is reached from ${list})`;
}

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

const tcpOnly: readonly number[] = [6];
const tcpOrUdp: readonly number[] = [6, 17];
const natTargets: ReadonlySet<string> = new Set([
	"DNAT",
	"SNAT",
	"MASQUERADE",
	"REDIRECT",
]);
const placements = new Map<string, Placement | undefined>();

/** Where target `name` may be: as its module says, else as the kernel's table says. */
function placementOf(name: string): Placement | undefined {
	if (placements.has(name)) return placements.get(name);
	const module = findTargetModule(name);
	const placement: Placement | undefined =
		module?.tables || module?.hooks
			? {
					...(module.tables ? { tables: module.tables } : {}),
					...(module.hooks ? { hooks: module.hooks } : {}),
				}
			: targetPlacement[name];
	placements.set(name, placement);
	return placement;
}

export class TableCheck {
	readonly #table: TableName;
	readonly #options: CheckOptions;
	readonly #problems: RankedProblem[] = [];
	readonly #limits: HookLimit[] = [];
	/** Chains by number, as rules name them (a target may be no chain). */
	readonly #names: string[] = [];
	readonly #numbers = new Map<string, number>();
	#lastChain = "";
	#lastNumber = -1;
	#lastTarget = "";
	#lastTargetNumber = -1;
	/** Jumps and gotos, in rule order: from and to chain, and where. */
	readonly #jumps = {
		from: [] as number[],
		to: [] as number[],
		line: [] as number[],
		column: [] as number[],
		rule: [] as number[],
	};
	#rules = 0;
	/** The current rule's chain numbers, when the parser gives them. */
	#numbered: ChainNumbers | undefined;
	readonly unknownMatches = new Set<string>();
	readonly unknownTargets = new Set<string>();

	constructor(table: TableName, options: CheckOptions) {
		this.#table = table;
		this.#options = options;
	}

	/** Checks one rule (a line that makes several rules is added once per rule). */
	add(rule: RuleFacts, numbers?: ChainNumbers): void {
		this.#numbered = numbers;
		const index = this.#rules++;
		const { header, chain, matches, target } = rule;
		for (const limit of interfaceLimits)
			if (header[limit.field] && limit.chains.includes(chain))
				this.#problem(
					rule,
					optionColumn(rule.text, limit.option),
					2,
					index,
					limit.step,
					"interface-direction",
					`Can't use ${limit.flag} with ${chain}: ${limit.why}`,
				);
		if (target) this.#checkTarget(rule, target, index);
		for (let i = 0; i < matches.length; i++)
			this.#checkMatch(
				rule,
				matches[i] as RuleFacts["matches"][number],
				step.matches + 10 * i,
				index,
			);
		if (target?.name === "SET")
			this.#checkSets(
				rule,
				optionArg(target.options, ["--add-set", "--del-set", "--map-set"]),
				index,
				step.matches + 10 * matches.length,
			);
	}

	/**
	 * The checks that need the jump graph, once every rule is in; `chains`
	 * are the table's chains. Returns all problems found, in no set order.
	 */
	finish(
		chains: ReadonlyMap<string, { readonly builtin: boolean }>,
	): readonly RankedProblem[] {
		let names = this.#names;
		const builtins: number[] = [];
		let userChain: Uint8Array;
		if (this.#numbered) {
			// The parser's numbers: the chains in the order the table made them.
			names = [...chains.keys()];
			userChain = new Uint8Array(names.length);
			let number = 0;
			for (const chain of chains.values()) {
				if (chain.builtin) builtins.push(number);
				else userChain[number] = 1;
				number++;
			}
		} else {
			for (const [name, chain] of chains)
				if (chain.builtin) builtins.push(this.#number(name));
			userChain = new Uint8Array(names.length);
			names.forEach((name, chain) => {
				if (chains.get(name)?.builtin === false) userChain[chain] = 1;
			});
		}
		// Jumps to user chains, grouped by chain in rule order.
		const { from, to } = this.#jumps;
		const first = new Int32Array(names.length + 1);
		for (let jump = 0; jump < from.length; jump++) {
			const chain = from[jump] as number;
			if (userChain[to[jump] as number] === 1)
				first[chain + 1] = (first[chain + 1] as number) + 1;
		}
		for (let chain = 0; chain < names.length; chain++)
			first[chain + 1] =
				(first[chain + 1] as number) + (first[chain] as number);
		const fill = first.slice(0, names.length);
		const targets = new Int32Array(first[names.length] as number);
		const jumpOf = new Int32Array(targets.length);
		for (let jump = 0; jump < from.length; jump++) {
			if (userChain[to[jump] as number] !== 1) continue;
			const chain = from[jump] as number;
			const at = fill[chain] as number;
			fill[chain] = at + 1;
			targets[at] = to[jump] as number;
			jumpOf[at] = jump;
		}
		const reach = computeReachability({ names, first, to: targets, builtins });
		for (const loop of reach.loops) {
			const jump = jumpOf[loop.jump] as number;
			const name = names[to[jump] as number] as string;
			this.#problems.push({
				problem: fatalProblem(
					"jump-loop",
					`loop of jumps ${loop.path.join(" → ")}: the kernel refuses the table (ELOOP)`,
					this.#jumps.line[jump] as number,
					this.#jumps.column[jump] as number,
					name.length,
				),
				rule: this.#jumps.rule[jump] as number,
				step: step.loop,
			});
		}
		for (const limit of this.#limits)
			this.#judgeLimit(limit, reach.hooksOf(limit.chainNumber));
		return this.#problems;
	}

	/** The number of the rule's chain (rules come in runs for one chain). */
	#chainNumber(rule: RuleFacts): number {
		if (this.#numbered) return this.#numbered.chainNumber;
		if (rule.chain !== this.#lastChain) {
			this.#lastChain = rule.chain;
			this.#lastNumber = this.#number(rule.chain);
		}
		return this.#lastNumber;
	}

	/** The chain's number here, given on first sight. */
	#number(name: string): number {
		let number = this.#numbers.get(name);
		if (number === undefined) {
			number = this.#names.length;
			this.#names.push(name);
			this.#numbers.set(name, number);
		}
		return number;
	}

	#problem(
		rule: RuleFacts,
		column: number,
		length: number,
		index: number,
		at: number,
		code: string,
		message: string,
	): void {
		this.#problems.push({
			problem: fatalProblem(code, message, rule.line, column, length),
			rule: index,
			step: at,
		});
	}

	#judgeLimit(limit: HookLimit, hooks: ReadonlySet<HookName>): void {
		const messages: string[] = [];
		if (limit.options !== undefined)
			messages.push(...optionHookErrors(limit.what, limit.options, hooks));
		else {
			const allowed = limit.allowed ?? [];
			const bad = [...hooks].filter((hook) => !allowed.includes(hook));
			const what =
				limit.code === "match-hook" ? `match ${limit.what}` : limit.what;
			if (bad.length > 0)
				messages.push(
					`${what} is only valid in ${allowed.join(", ")}, not ${bad.join(", ")}${via(limit.chain, hooks)} (the kernel refuses the table)`,
				);
		}
		for (const message of messages)
			this.#problems.push({
				problem: fatalProblem(
					limit.code,
					message,
					limit.line,
					limit.column,
					limit.length,
				),
				rule: limit.rule,
				step: limit.step,
			});
	}

	#limit(
		rule: RuleFacts,
		column: number,
		length: number,
		index: number,
		order: number,
		code: string,
		what: string,
		allowed: readonly HookName[] | undefined,
		options: readonly RawOption[] | undefined,
	): void {
		this.#limits.push({
			rule: index,
			step: order,
			chain: rule.chain,
			chainNumber: this.#chainNumber(rule),
			line: rule.line,
			column,
			length,
			code,
			what,
			allowed,
			options,
		});
	}

	#addJump(rule: RuleFacts, target: Target, index: number): void {
		const jumps = this.#jumps;
		jumps.from.push(this.#chainNumber(rule));
		if (this.#numbered) jumps.to.push(this.#numbered.targetNumber);
		// A chain like KUBE-MARK-MASQ is the target of every other rule.
		else if (target.name !== this.#lastTarget) {
			this.#lastTarget = target.name;
			this.#lastTargetNumber = this.#number(target.name);
			jumps.to.push(this.#lastTargetNumber);
		} else jumps.to.push(this.#lastTargetNumber);
		jumps.line.push(rule.line);
		jumps.column.push(target.column);
		jumps.rule.push(index);
	}

	#checkTarget(rule: RuleFacts, target: Target, index: number): void {
		const { name, kind } = target;
		if (kind === "jump" || kind === "goto") {
			this.#addJump(rule, target, index);
			return;
		}
		if (kind === "verdict") {
			if (name === "DROP" && this.#table === "nat")
				this.#problem(
					rule,
					target.column,
					4,
					index,
					step.dropInNat,
					"drop-in-nat",
					'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.',
				);
			return;
		}
		if (kind === "unknown") this.unknownTargets.add(name);
		const placement = placementOf(name);
		const { column } = target;
		const length = name.length;
		if (placement?.tables && !placement.tables.includes(this.#table))
			this.#problem(
				rule,
				column,
				length,
				index,
				step.placement,
				"target-table",
				`${name} is only valid in table ${placement.tables.join(" or ")}, not ${this.#table} (the kernel refuses the table)`,
			);
		else if (placement?.hooks)
			this.#limit(
				rule,
				column,
				length,
				index,
				step.placement,
				"target-hook",
				name,
				placement.hooks,
				undefined,
			);
		this.#checkTargetProtocol(rule, target, index);
	}

	/** A problem with the target, marked at its name. */
	#targetProblem(
		rule: RuleFacts,
		target: Target,
		index: number,
		at: number,
		code: string,
		message: string,
	): void {
		this.#problem(
			rule,
			target.column,
			target.name.length,
			index,
			at,
			code,
			message,
		);
	}

	#checkTargetProtocol(rule: RuleFacts, target: Target, index: number): void {
		const { name } = target;
		const { header } = rule;
		if (name === "REJECT") {
			const resetWith = optionArg(target.options, ["--reject-with"]).find(
				(o) => o.value === "tcp-reset",
			);
			if (resetWith && !hasProtocol(header, tcpOnly))
				this.#problem(
					rule,
					resetWith.column,
					"--reject-with".length,
					index,
					step.rejectReset,
					"reject-tcp-reset",
					"REJECT --reject-with tcp-reset needs -p tcp (not inverted): the kernel refuses it for other protocols",
				);
		}
		const needsTcp =
			findTargetModule(name)?.needsTcp === true ||
			name === "TCPMSS" ||
			name === "TCPOPTSTRIP" ||
			name === "SYNPROXY";
		if (needsTcp && !hasProtocol(header, tcpOnly))
			this.#targetProblem(
				rule,
				target,
				index,
				step.targetProtocol,
				"target-protocol",
				`${name} is only valid with -p tcp (the kernel refuses it otherwise)`,
			);
		else if (name === "TCPMSS" && !hasSynTest(rule))
			this.#targetProblem(
				rule,
				target,
				index,
				step.targetProtocol,
				"target-protocol",
				"TCPMSS only works on TCP SYN packets: add --tcp-flags SYN,RST SYN (or --syn)",
			);
		if (name === "TPROXY" && !hasProtocol(header, tcpOrUdp))
			this.#targetProblem(
				rule,
				target,
				index,
				step.tproxy,
				"target-protocol",
				"TPROXY can be used only with -p tcp or -p udp",
			);
		if (
			natTargets.has(name) &&
			!hasProtocol(header, portProtocols) &&
			natUsesPorts(target.options)
		)
			this.#targetProblem(
				rule,
				target,
				index,
				step.natPorts,
				"nat-ports",
				`${name} with a port needs -p tcp, udp, sctp or dccp`,
			);
	}

	#checkMatch(
		rule: RuleFacts,
		match: RuleFacts["matches"][number],
		base: number,
		index: number,
	): void {
		if (!match.known) this.unknownMatches.add(match.module);
		const { header } = rule;
		const name =
			match.module === "icmpv6" || match.module === "ipv6-icmp"
				? "icmp6"
				: match.module;
		const { column } = match;
		const length = name.length + 3;
		const proto = matchProtocol[name];
		if (
			proto !== undefined &&
			(header.protocol?.number !== proto || header.protocol.invert)
		)
			this.#problem(
				rule,
				column,
				length,
				index,
				base + matchStep.protocol,
				"match-protocol",
				`match ${name} needs -p ${name === "icmp6" ? "ipv6-icmp" : name === "tcpmss" ? "tcp" : name} (not inverted): the kernel refuses it otherwise`,
			);
		if (name === "multiport" && !hasProtocol(header, portProtocols))
			this.#problem(
				rule,
				column,
				12,
				index,
				base + matchStep.multiport,
				"match-protocol",
				"multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
			);
		const allowed = findMatchModule(name)?.allowedHooks ?? matchHooks[name];
		if (allowed)
			this.#limit(
				rule,
				column,
				length,
				index,
				base + matchStep.hooks,
				"match-hook",
				name,
				allowed,
				undefined,
			);
		if (name === "set")
			this.#checkSets(
				rule,
				optionArg(match.options, ["--match-set", "--set"]),
				index,
				base + matchStep.sets,
			);
		// Only a few modules' limits depend on options: reading `options`
		// of a built rule rebuilds them from its line, so the others never ask.
		if (hasOptionHookRules(name))
			this.#limit(
				rule,
				column,
				length,
				index,
				base + matchStep.options,
				"match-hook",
				name,
				undefined,
				match.options,
			);
	}

	#checkSets(
		rule: RuleFacts,
		sets: readonly { value: string; column: number }[],
		index: number,
		at: number,
	): void {
		const { ipsets } = this.#options;
		for (const set of sets) {
			if (ipsets?.has(set.value)) continue;
			const hint = ipsets
				? "not in the given ipset file"
				: "no ipset file given (--ipset FILE with `ipset save` output)";
			this.#problem(
				rule,
				set.column,
				set.value.length,
				index,
				at,
				"missing-ipset",
				`Set ${set.value} doesn't exist (${hint})`,
			);
		}
	}
}
