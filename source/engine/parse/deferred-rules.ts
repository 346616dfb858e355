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
import type {
	Chain,
	Counters,
	Rule,
	Table,
	TargetCall,
} from "../model/ruleset.js";
import { createSink } from "./diagnostic-sink.js";
import { changeTarget } from "./lazy-calls.js";
import type { RuleScope } from "./parse-rule.js";
import type { RuleCommand } from "./rule-command.js";
import { createRuleScope, parseRuleLine, zeroCounters } from "./rule-line.js";
import {
	applyCommand,
	type ChainState,
	type TableState,
} from "./table-builder.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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

/** Tables that kept lines so far. */
const keeping = new WeakSet<TableState>();

/**
 * A chain declared after kept lines changes the context they were read in:
 * build them first and read the rest of the table eagerly.
 */
export function stopDeferringBeforeDeclaration(table: TableState): void {
	if (keeping.has(table)) stopDeferring(table);
}

/**
 * Keeps an already checked `-A` line for later; false when the table is
 * read eagerly or the line cannot wait (its chain does not exist).
 */
export function deferRule(
	table: TableState,
	command: RuleCommand,
	text: string,
	number: number,
): boolean {
	if (!table.deferring || command.kind !== "append") return false;
	const chain = table.chain(command.chain ?? "");
	if (!chain) return false;
	keeping.add(table);
	chain.deferred ??= { texts: [], numbers: [], rules: 0 };
	chain.deferred.texts.push(text);
	chain.deferred.numbers.push(number);
	const { sources, destinations } = command.spec;
	chain.deferred.rules +=
		Math.max(1, sources.length) * Math.max(1, destinations.length);
	return true;
}

/** Builds one chain's kept lines into its rules. */
function buildChain(table: TableState, chain: ChainState): void {
	const lines = chain.deferred;
	if (!lines) return;
	chain.deferred = undefined;
	for (let i = 0; i < lines.texts.length; i++) {
		const text = lines.texts[i] as string;
		const number = lines.numbers[i] as number;
		const command = rebuildLine(table, text, number);
		if (command) applyCommand(table, command, number, text);
	}
}

/** Reads a line again, building its rule, without reporting anything. */
export function rebuildLine(
	table: TableState,
	text: string,
	number: number,
): RuleCommand | undefined {
	return parseRuleLine(silentScope(table), text, number, table.fastLane);
}

/** Builds everything kept so far; the rest of the table is read eagerly. */
export function stopDeferring(table: TableState): void {
	if (!table.deferring) return;
	table.deferring = false;
	keeping.delete(table);
	for (const chain of table.chains.values()) buildChain(table, chain);
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
			this.#rules?.length ??
			this.#state.rules.length + (this.#state.deferred?.rules ?? 0)
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

/** How many rules a chain has, without building them. */
export function countRules(chain: Chain): number {
	return chain instanceof DeferredChain ? chain.ruleCount : chain.rules.length;
}

/** Freezes the table: numbers rules and fills their ids. */
export function finishTable(table: TableState): Table {
	const chains = new Map<string, Chain>();
	for (const state of table.chains.values()) {
		const counters = state.counters ?? zeroCounters;
		if (state.deferred) {
			chains.set(state.name, new DeferredChain(table, state, counters));
			continue;
		}
		const chain: Mutable<Chain> = {
			name: state.name,
			builtin: state.builtin,
			rules: settledRules(table, state, false),
			line: state.line,
		};
		if (state.builtin && state.policy) chain.policy = state.policy;
		chain.counters = counters;
		chains.set(state.name, chain);
	}
	return { name: table.name, chains, line: table.line };
}
