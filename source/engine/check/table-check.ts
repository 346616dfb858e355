/**
 * The load checks of one table, fed one rule at a time: from built rules,
 * or from lines as the parser checks them (`iptx check` on a 100,000-rule
 * file need not build a single rule). Each rule's own checks run as it
 * comes (rule-checks.ts); what depends on the hooks that reach its chain
 * waits, compactly, for the jump graph, walked once every rule is in.
 */
import {
	builtinChains,
	type Family,
	type HookName,
	type RawOption,
	type TableName,
} from "../model/ruleset.js";
import type { RuleFacts } from "../parse/checked-rule.js";
import { fatalProblem, type Problem } from "../parse/diagnostic-sink.js";
import { optionHookErrors } from "./option-hooks.js";
import { computeReachability, groupJumps } from "./reachability.js";
import {
	checkRule,
	type FindingAt,
	type RuleFindings,
	step,
} from "./rule-checks.js";

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

/**
 * A checked line's chain and target by the parser's numbers: the table's
 * chains in the order it made them (-1: no chain). All of a check's rules
 * come with them, or none.
 */
export type ChainNumbers = {
	readonly chainNumber: number;
	readonly targetNumber: number;
};

/** A limit that depends on the hooks reaching the rule's chain. */
type HookLimit = FindingAt & {
	readonly rule: number;
	readonly chain: string;
	/** The chain's number in this check. */
	readonly chainNumber: number;
	readonly line: number;
	readonly code: string;
	readonly what: string;
	/** Hooks allowed, or for option limits the options to judge. */
	readonly allowed: readonly HookName[] | undefined;
	readonly options: readonly RawOption[] | undefined;
};

function via(chain: string, hooks: ReadonlySet<HookName>): string {
	const list = [...hooks].join(", ");
	return chain === list ? "" : ` (chain ${chain} is reached from ${list})`;
}

export class TableCheck {
	readonly #table: TableName;
	readonly #family: Family;
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
	/** The rule being checked, its number, and its chain numbers if the parser gave them. */
	#rule: RuleFacts | undefined;
	#index = -1;
	#numbered: ChainNumbers | undefined;
	readonly #findings: RuleFindings;
	readonly unknownMatches = new Set<string>();
	readonly unknownTargets = new Set<string>();

	constructor(table: TableName, family: Family, options: CheckOptions) {
		this.#table = table;
		this.#family = family;
		this.#options = options;
		this.#findings = {
			problem: (at, code, message) => this.#problem(at, code, message),
			hookLimit: (at, code, what, limit) =>
				this.#hookLimit(at, code, what, limit),
			jump: (name, column) => this.#jump(name, column),
			unknownMatch: (name) => this.unknownMatches.add(name),
			unknownTarget: (name) => this.unknownTargets.add(name),
		};
	}

	/** Checks one rule (a line that makes several rules is added once per rule). */
	add(rule: RuleFacts, numbers?: ChainNumbers): void {
		this.#rule = rule;
		this.#index++;
		this.#numbered = numbers;
		checkRule(
			rule,
			this.#table,
			this.#family,
			this.#options.ipsets,
			this.#findings,
		);
	}

	/**
	 * The checks that need the jump graph, once every rule is in; `chains`
	 * are the table's chains (only their names are read: a table's built-in
	 * chains are its hooks', and no other chain may take their names).
	 * Returns all problems found, in no set order.
	 */
	finish(chains: ReadonlyMap<string, unknown>): readonly RankedProblem[] {
		const hooks: readonly string[] = builtinChains[this.#table];
		let names = this.#names;
		const builtins: number[] = [];
		let userChain: Uint8Array;
		if (this.#numbered) {
			// The parser's numbers: the chains in the order the table made them.
			names = [...chains.keys()];
			userChain = new Uint8Array(names.length);
			names.forEach((name, number) => {
				if (hooks.includes(name)) builtins.push(number);
				else userChain[number] = 1;
			});
		} else {
			for (const name of chains.keys())
				if (hooks.includes(name)) builtins.push(this.#number(name));
			userChain = new Uint8Array(names.length);
			names.forEach((name, chain) => {
				if (chains.has(name) && !hooks.includes(name)) userChain[chain] = 1;
			});
		}
		const { graph, jumpOf } = groupJumps(
			names,
			builtins,
			userChain,
			this.#jumps.from,
			this.#jumps.to,
		);
		const reach = computeReachability(graph);
		const { to } = this.#jumps;
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

	#problem(at: FindingAt, code: string, message: string): void {
		const line = (this.#rule as RuleFacts).line;
		this.#problems.push({
			problem: fatalProblem(code, message, line, at.column, at.length),
			rule: this.#index,
			step: at.step,
		});
	}

	#hookLimit(
		at: FindingAt,
		code: string,
		what: string,
		limit:
			| { readonly allowed: readonly HookName[] }
			| { readonly options: readonly RawOption[] },
	): void {
		const rule = this.#rule as RuleFacts;
		this.#limits.push({
			rule: this.#index,
			step: at.step,
			chain: rule.chain,
			chainNumber: this.#chainNumber(rule),
			line: rule.line,
			column: at.column,
			length: at.length,
			code,
			what,
			allowed: "allowed" in limit ? limit.allowed : undefined,
			options: "options" in limit ? limit.options : undefined,
		});
	}

	#jump(name: string, column: number): void {
		const rule = this.#rule as RuleFacts;
		const jumps = this.#jumps;
		jumps.from.push(this.#chainNumber(rule));
		if (this.#numbered) jumps.to.push(this.#numbered.targetNumber);
		// A chain like KUBE-MARK-MASQ is the target of every other rule.
		else if (name !== this.#lastTarget) {
			this.#lastTarget = name;
			this.#lastTargetNumber = this.#number(name);
			jumps.to.push(this.#lastTargetNumber);
		} else jumps.to.push(this.#lastTargetNumber);
		jumps.line.push(rule.line);
		jumps.column.push(column);
		jumps.rule.push(this.#index);
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
}
