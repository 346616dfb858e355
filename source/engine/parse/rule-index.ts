/**
 * `Ruleset.rulesById` without a second copy of every rule: ids are
 * `table/chain/index`, so a lookup walks the table and chain maps the parser
 * already built. Saves a 100,000-entry map (and its flattened id strings) on
 * kube-proxy-sized files; iteration order is the tables', then chains', then
 * rules' order, as a Map filled in that order would give.
 */
import type { Rule, Table, TableName } from "../model/ruleset.js";

function countBuilt(table: Table): number {
	let count = 0;
	for (const chain of table.chains.values()) count += chain.rules.length;
	return count;
}

export class RuleIndex implements ReadonlyMap<string, Rule> {
	readonly #tables: ReadonlyMap<TableName, Table>;
	readonly size: number;

	/** `count` tells a table's rules without building them (deferred-rules). */
	constructor(
		tables: ReadonlyMap<TableName, Table>,
		count: (table: Table) => number = countBuilt,
	) {
		this.#tables = tables;
		let size = 0;
		for (const table of tables.values()) size += count(table);
		this.size = size;
	}

	get(id: string): Rule | undefined {
		const first = id.indexOf("/");
		const last = id.lastIndexOf("/");
		if (first <= 0 || last <= first) return undefined;
		const table = this.#tables.get(id.slice(0, first) as TableName);
		const chain = table?.chains.get(id.slice(first + 1, last));
		if (!chain) return undefined;
		const index = Number(id.slice(last + 1));
		if (!Number.isInteger(index) || index < 1) return undefined;
		const rule = chain.rules[index - 1];
		return rule?.id === id ? rule : undefined;
	}

	has(id: string): boolean {
		return this.get(id) !== undefined;
	}

	*entries(): MapIterator<[string, Rule]> {
		for (const rule of this.values()) yield [rule.id, rule];
	}

	*keys(): MapIterator<string> {
		for (const rule of this.values()) yield rule.id;
	}

	*values(): MapIterator<Rule> {
		for (const table of this.#tables.values())
			for (const chain of table.chains.values()) yield* chain.rules;
	}

	[Symbol.iterator](): MapIterator<[string, Rule]> {
		return this.entries();
	}

	forEach(
		callback: (
			value: Rule,
			key: string,
			map: ReadonlyMap<string, Rule>,
		) => void,
		thisArg?: unknown,
	): void {
		for (const rule of this.values())
			callback.call(thisArg, rule, rule.id, this);
	}
}
