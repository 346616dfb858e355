/**
 * Rules built when their chain is first read. A table whose rule lines are
 * all `-A` to declared chains (what iptables-save writes) has every line
 * checked as it is read, with every diagnostic, but its Rule objects are
 * built from the kept lines only when someone reads `chain.rules`: on a
 * kube-proxy host most chains are never looked at, and 100,000 rules that
 * are never built cost neither time nor memory. Building reads each line
 * again, silently, in the same table context, so the rules are exactly the
 * ones an eager read makes. Any other command (`-I`, `-D`, `-N`, `-X`, a
 * chain declared after a rule, ...) builds what was deferred first and the
 * rest of the table is read eagerly.
 */

import type { Mutable } from "../lib/mutable.js";
import type {
	Chain,
	Counters,
	Rule,
	Table,
	TargetCall,
} from "../model/ruleset.js";
import { createSink } from "./diagnostic-sink.js";
import { changeTarget } from "./lazy-calls.js";
import type { RuleCommand } from "./rule-command.js";
import { createRuleScope, parseRuleLine, zeroCounters } from "./rule-line.js";
import type { RuleScope } from "./rule-state.js";
import { applyCommand } from "./table-builder.js";
import type { ChainState, KeptLines, TableState } from "./table-state.js";

/** Scopes that read lines again without reporting (once per table). */
const silentScopes = new WeakMap<TableState, RuleScope>();

function silentScope(table: TableState): RuleScope {
	let scope = silentScopes.get(table);
	if (scope === undefined) {
		scope = createRuleScope(
			table,
			table.family,
			createSink(table.sink.source),
			new Set(),
		);
		silentScopes.set(table, scope);
	}
	// Nothing reads these diagnostics: they were reported on the first read.
	(scope.sink.list as unknown[]).length = 0;
	return scope;
}

/**
 * A chain declared after kept lines changes the context they were read in:
 * build them first and read the rest of the table eagerly.
 */
export function stopDeferringBeforeDeclaration(table: TableState): void {
	if (table.kept !== undefined) stopDeferring(table);
}

/** Room for one more kept line. */
function keptLines(table: TableState): KeptLines {
	let kept = table.kept;
	if (kept === undefined) {
		kept = {
			starts: new Int32Array(1024),
			ends: new Int32Array(1024),
			numbers: new Int32Array(1024),
			count: 0,
		};
		table.kept = kept;
	} else if (kept.count === kept.starts.length) {
		const grow = (from: Int32Array) => {
			const to = new Int32Array(from.length * 2);
			to.set(from);
			return to;
		};
		kept.starts = grow(kept.starts);
		kept.ends = grow(kept.ends);
		kept.numbers = grow(kept.numbers);
	}
	return kept;
}

/**
 * Keeps an already checked `-A` line (`start`..`end` in the table's text)
 * for later; false when the table is read eagerly or the line cannot wait
 * (its chain does not exist).
 */
export function deferRule(
	table: TableState,
	command: RuleCommand,
	line: {
		readonly start: number;
		readonly end: number;
		readonly number: number;
	},
): boolean {
	if (!table.deferring || command.kind !== "append") return false;
	const chain = table.chain(command.chain ?? "");
	if (!chain) return false;
	const kept = keptLines(table);
	const at = kept.count++;
	kept.starts[at] = line.start;
	kept.ends[at] = line.end;
	kept.numbers[at] = line.number;
	if (chain.keptTo === at) chain.keptTo = at + 1;
	else if (chain.keptFrom === -1) {
		chain.keptFrom = at;
		chain.keptTo = at + 1;
	} else {
		const runs = chain.keptRuns ?? [];
		chain.keptRuns = runs;
		if (runs[runs.length - 1] === at) runs[runs.length - 1] = at + 1;
		else runs.push(at, at + 1);
	}
	const { sources, destinations } = command.spec;
	chain.keptRules +=
		Math.max(1, sources.length) * Math.max(1, destinations.length);
	return true;
}

/** Builds kept lines [from, to) into their chain's rules. */
function buildRun(table: TableState, from: number, to: number): void {
	const kept = table.kept as KeptLines;
	for (let i = from; i < to; i++)
		rebuildLine(
			table,
			kept.starts[i] as number,
			kept.ends[i] as number,
			kept.numbers[i] as number,
		);
}

/** Builds one chain's kept lines into its rules. */
function buildChain(table: TableState, chain: ChainState): void {
	if (chain.keptFrom === -1) return;
	const { keptFrom, keptTo, keptRuns } = chain;
	chain.keptFrom = -1;
	chain.keptTo = -1;
	chain.keptRules = 0;
	chain.keptRuns = undefined;
	buildRun(table, keptFrom, keptTo);
	for (let i = 0; keptRuns && i < keptRuns.length; i += 2)
		buildRun(table, keptRuns[i] as number, keptRuns[i + 1] as number);
}

/**
 * Reads line `start`..`end` of the table's text again and builds its rule
 * into the table, without reporting anything.
 */
export function rebuildLine(
	table: TableState,
	start: number,
	end: number,
	number: number,
): void {
	const scope = silentScope(table);
	const command = parseRuleLine(
		scope,
		table.source,
		start,
		end,
		number,
		table.fastLane,
	);
	if (command) applyCommand(table, command, number, scope.text);
}

/** Builds everything kept so far; the rest of the table is read eagerly. */
export function stopDeferring(table: TableState): void {
	if (!table.deferring) return;
	table.deferring = false;
	for (const chain of table.chains.values()) buildChain(table, chain);
	table.kept = undefined;
}

function resolveTarget(table: TableState, target: TargetCall): TargetCall {
	if (target.kind !== "unknown") return target;
	const chain = table.chains.get(target.name);
	return chain && !chain.builtin
		? changeTarget(target, { kind: "jump" })
		: target;
}

/** The chain's rules, numbered, with targets named before their chain resolved. */
function settledRules(
	table: TableState,
	state: ChainState,
	resolve: boolean,
): Rule[] {
	const rules = state.rules.slice();
	const settled =
		!resolve && state.moved !== true && (table.unknownTargets ?? 0) === 0;
	for (let i = 0; !settled && i < rules.length; i++) {
		const rule = rules[i] as Mutable<Rule>;
		if (rule.index !== i + 1 || rule.chain !== state.name) {
			rule.chain = state.name;
			rule.index = i + 1;
			state.idPrefix ??= `${table.name}/${state.name}/`;
			rule.id = state.idPrefix + (i + 1);
		}
		if (rule.target?.kind === "unknown")
			rule.target = resolveTarget(table, rule.target);
	}
	return rules;
}

/** A chain whose rules are built from its kept lines on first read. */
class DeferredChain implements Chain {
	readonly name: string;
	readonly builtin: boolean;
	readonly line: number;
	readonly policy?: "ACCEPT" | "DROP";
	readonly counters?: Counters;
	readonly #table: TableState;
	readonly #state: ChainState;
	#rules: readonly Rule[] | undefined;

	constructor(table: TableState, state: ChainState, counters: Counters) {
		this.name = state.name;
		this.builtin = state.builtin;
		this.line = state.line;
		if (state.builtin && state.policy) this.policy = state.policy;
		this.counters = counters;
		this.#table = table;
		this.#state = state;
	}

	get rules(): readonly Rule[] {
		if (this.#rules === undefined) {
			buildChain(this.#table, this.#state);
			// Kept lines may name targets that only resolve now.
			this.#rules = settledRules(this.#table, this.#state, true);
		}
		return this.#rules;
	}

	/** The number of rules, without building them. */
	get ruleCount(): number {
		return (
			this.#rules?.length ?? this.#state.rules.length + this.#state.keptRules
		);
	}

	toJSON(): Chain {
		const { name, builtin, line, policy, counters, rules } = this;
		return {
			name,
			builtin,
			line,
			rules,
			...(policy ? { policy } : {}),
			...(counters ? { counters } : {}),
		};
	}
}

/**
 * A committed table's chains. Each Chain object is made when first asked
 * for: a kube-proxy table has 40,000 chains, most of them never looked at,
 * and nothing changes a table's chains once it is committed.
 */
class CommittedChains implements ReadonlyMap<string, Chain> {
	readonly #table: TableState;
	readonly #states: ReadonlyMap<string, ChainState>;
	/** Some chain's rules are built from kept lines on first read. */
	readonly keptLines: boolean;
	/** The table's rules, counted without building them. */
	readonly ruleCount: number;

	constructor(table: TableState) {
		this.#table = table;
		this.#states = table.chains;
		let kept = false;
		let rules = 0;
		for (const state of table.chains.values()) {
			kept ||= state.keptFrom !== -1;
			rules += state.rules.length + state.keptRules;
		}
		this.keptLines = kept;
		this.ruleCount = rules;
	}

	get size(): number {
		return this.#states.size;
	}

	get [Symbol.toStringTag](): string {
		return "Map";
	}

	has(name: string): boolean {
		return this.#states.has(name);
	}

	get(name: string): Chain | undefined {
		const state = this.#states.get(name);
		return state === undefined ? undefined : this.#chain(state);
	}

	#chain(state: ChainState): Chain {
		state.committed ??= committedChain(this.#table, state);
		return state.committed;
	}

	keys(): MapIterator<string> {
		return this.#states.keys();
	}

	*values(): MapIterator<Chain> {
		for (const state of this.#states.values()) yield this.#chain(state);
	}

	*entries(): MapIterator<[string, Chain]> {
		for (const [name, state] of this.#states) yield [name, this.#chain(state)];
	}

	[Symbol.iterator](): MapIterator<[string, Chain]> {
		return this.entries();
	}

	forEach(
		each: (chain: Chain, name: string, map: ReadonlyMap<string, Chain>) => void,
		thisArg?: unknown,
	): void {
		for (const [name, chain] of this.entries())
			each.call(thisArg, chain, name, this);
	}
}

function committedChain(table: TableState, state: ChainState): Chain {
	const counters = state.counters ?? zeroCounters;
	if (state.keptFrom !== -1) return new DeferredChain(table, state, counters);
	const chain: Mutable<Chain> = {
		name: state.name,
		builtin: state.builtin,
		rules: settledRules(table, state, false),
		line: state.line,
	};
	if (state.builtin && state.policy) chain.policy = state.policy;
	chain.counters = counters;
	return chain;
}

/**
 * True when the table kept its rule lines until COMMIT (it was written as
 * iptables-save writes it, and has rules): they were all checked as read.
 */
export function keptLinesIn(table: Table): boolean {
	const { chains } = table;
	if (chains instanceof CommittedChains) return chains.keptLines;
	for (const chain of chains.values())
		if (chain instanceof DeferredChain) return true;
	return false;
}

/** How many rules a table has, without building them. */
export function countRules(table: Table): number {
	const { chains } = table;
	if (chains instanceof CommittedChains) return chains.ruleCount;
	let count = 0;
	for (const chain of chains.values())
		count +=
			chain instanceof DeferredChain ? chain.ruleCount : chain.rules.length;
	return count;
}

/** Freezes the table: its chains are made, rules numbered, when first read. */
export function finishTable(table: TableState): Table {
	return {
		name: table.name,
		chains: new CommittedChains(table),
		line: table.line,
	};
}
