/**
 * A committed table: its chains as the model's Chain objects, each made
 * when first asked for, with its rules numbered and targets named before
 * their chain resolved. A chain whose lines were kept builds its rules on
 * first read (deferred-rules.ts).
 */
import type { Mutable } from "../lib/mutable.js";
import type {
	Chain,
	Counters,
	Rule,
	Table,
	TargetCall,
} from "../model/ruleset.js";
import { buildChain } from "./deferred-rules.js";
import { changeTarget } from "./lazy-calls.js";
import { zeroCounters } from "./rule-line.js";
import type { ChainState, TableState } from "./table-state.js";

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
	return table.chains instanceof CommittedChains && table.chains.keptLines;
}

/** How many rules a table has, without building them. */
export function countRules(table: Table): number {
	const { chains } = table;
	if (chains instanceof CommittedChains) return chains.ruleCount;
	let count = 0;
	for (const chain of chains.values()) count += chain.rules.length;
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
