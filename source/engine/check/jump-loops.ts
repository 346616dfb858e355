/**
 * The jump loops of a built ruleset that the kernel refuses to load: a
 * loop a hook reaches makes `mark_source_chains` fail the table with ELOOP.
 * The simulator needs this before any packet runs (a loop would walk
 * forever); `iptx check` finds the same loops with the same walk.
 */
import type { Rule, Ruleset, TableName } from "../model/ruleset.js";
import { computeReachability, groupJumps } from "./reachability.js";

export type JumpLoop = {
	readonly table: TableName;
	/** The chains of the loop, first chain repeated at the end. */
	readonly path: readonly string[];
	/** The rule whose jump closes the loop. */
	readonly rule: Rule;
};

/** Every loop a hook reaches, table by table; empty when the kernel would load the jumps. */
export function findJumpLoops(ruleset: Ruleset): readonly JumpLoop[] {
	const loops: JumpLoop[] = [];
	for (const table of ruleset.tables.values()) {
		const names = [...table.chains.keys()];
		const number = new Map(names.map((name, at) => [name, at]));
		const builtins: number[] = [];
		const userChain = new Uint8Array(names.length);
		const from: number[] = [];
		const to: number[] = [];
		const rules: Rule[] = [];
		for (const [at, chain] of [...table.chains.values()].entries()) {
			if (chain.builtin) builtins.push(at);
			else userChain[at] = 1;
			for (const rule of chain.rules) {
				const kind = rule.target?.kind;
				const target = number.get(rule.target?.name ?? "");
				if ((kind !== "jump" && kind !== "goto") || target === undefined)
					continue;
				from.push(at);
				to.push(target);
				rules.push(rule);
			}
		}
		const { graph, jumpOf } = groupJumps(names, builtins, userChain, from, to);
		for (const loop of computeReachability(graph).loops)
			loops.push({
				table: table.name,
				path: loop.path,
				rule: rules[jumpOf[loop.jump] as number] as Rule,
			});
	}
	return loops;
}
