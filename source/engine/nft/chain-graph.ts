/**
 * The checks the kernel makes over a whole table when a batch commits:
 * jumps and gotos (verdict maps included) must not loop, and every
 * statement must suit the type and hook of each base chain that reaches it
 * (the expressions' validate). Linux 6.18 refuses both with EMLINK ("Too
 * many links") at the statement. `nft -c` does not run these commit-time
 * checks; a real load does, so the verdict here is the load's.
 *
 * Chains are numbered once and the walks run over numbers, without
 * recursion: a kube-proxy table has tens of thousands of chains, and a
 * generated one may nest jumps deeper than the stack.
 */
import type { Problem } from "../parse/diagnostic-sink.js";
import type { NftExpr, NftRule, NftSet, NftStmt, NftTable } from "./model.js";
import { placementsOf, type StmtPlacement } from "./stmt-hooks.js";
import { forEachChild, forEachStmtExpr, visitStmts } from "./walk.js";

type Edge = {
	readonly target: string;
	readonly stmt: NftStmt;
	readonly rule: NftRule;
};

/** The jump graph of one table, chains numbered in table order. */
type ChainGraph = {
	readonly table: NftTable;
	readonly edges: readonly (readonly Edge[])[];
	/** Per chain, the numbers of the chains its edges reach (-1: no such chain). */
	readonly targets: readonly Int32Array[];
};

/** Jump and goto targets under an expression, a named map's elements included. */
function targetsIn(
	expr: NftExpr,
	mapTargets: (name: string) => readonly string[],
	found: string[],
): void {
	if (expr.kind === "verdict" && expr.target !== undefined)
		found.push(expr.target);
	if (expr.kind === "setref")
		for (const target of mapTargets(expr.name)) found.push(target);
	forEachChild(expr, (child) => targetsIn(child, mapTargets, found));
}

/** A map's targets, read once however many rules look it up. */
function mapTargetsOf(table: NftTable): (name: string) => readonly string[] {
	const sets = new Map<string, NftSet>();
	for (const set of table.sets)
		if (!sets.has(set.name)) sets.set(set.name, set);
	const known = new Map<string, readonly string[]>();
	const of = (name: string): readonly string[] => {
		const cached = known.get(name);
		if (cached) return cached;
		const found: string[] = [];
		known.set(name, found);
		for (const element of sets.get(name)?.elements ?? [])
			targetsIn(element, of, found);
		return found;
	};
	return of;
}

function buildGraph(table: NftTable): ChainGraph {
	const numbers = new Map<string, number>();
	table.chains.forEach((chain, i) => {
		numbers.set(chain.name, i);
	});
	const mapTargets = mapTargetsOf(table);
	const found: string[] = [];
	const edges = table.chains.map((chain) => {
		const list: Edge[] = [];
		for (const rule of chain.rules)
			visitStmts(rule.stmts, (stmt) => {
				found.length = 0;
				forEachStmtExpr(stmt, (expr) => targetsIn(expr, mapTargets, found));
				for (const target of found) list.push({ target, stmt, rule });
			});
		return list;
	});
	const targets = edges.map((list) =>
		Int32Array.from(list, (edge) => numbers.get(edge.target) ?? -1),
	);
	return { table, edges, targets };
}

/** The chains each chain jumps or goes to, with the statement that does. */
export function chainEdges(table: NftTable): Map<string, Edge[]> {
	const { edges } = buildGraph(table);
	return new Map(
		table.chains.map((chain, i) => [chain.name, [...(edges[i] ?? [])]]),
	);
}

function at(edge: { stmt: NftStmt; rule: NftRule }): {
	line: number;
	column: number;
} {
	return edge.stmt.origin ?? edge.rule.origin;
}

const unseen = 0;
const open = 1;
const done = 2;

/** Reports the first jump that closes each loop (depth first, in table order). */
function checkLoops(graph: ChainGraph, report: (p: Problem) => void): void {
	const { edges, targets } = graph;
	const state = new Uint8Array(edges.length);
	// The path being walked: chain numbers and the next edge of each.
	const path: number[] = [];
	const nextEdge: number[] = [];
	for (let root = 0; root < edges.length; root++) {
		if (state[root] !== unseen) continue;
		state[root] = open;
		path.push(root);
		nextEdge.push(0);
		while (path.length > 0) {
			const top = path.length - 1;
			const chain = path[top] as number;
			const i = nextEdge[top] as number;
			const chainTargets = targets[chain] as Int32Array;
			if (i === chainTargets.length) {
				state[chain] = done;
				path.pop();
				nextEdge.pop();
				continue;
			}
			nextEdge[top] = i + 1;
			const target = chainTargets[i] as number;
			if (target < 0) continue;
			if (state[target] === open) {
				const edge = (edges[chain] as readonly Edge[])[i] as Edge;
				const { line, column } = at(edge);
				report({
					severity: "error",
					code: "jump-loop",
					message: `Could not process rule: Too many links (jump to '${edge.target}' closes a loop)`,
					line,
					column,
					length: 1,
					fatal: true,
				});
			} else if (state[target] === unseen) {
				state[target] = open;
				path.push(target);
				nextEdge.push(0);
			}
		}
	}
}

/** The chains a base chain reaches, itself first, in the order they are found. */
function reachable(base: number, targets: readonly Int32Array[]): number[] {
	const seen = new Uint8Array(targets.length);
	seen[base] = 1;
	const order = [base];
	const stack = [base];
	for (let chain = stack.pop(); chain !== undefined; chain = stack.pop())
		for (const target of targets[chain] as Int32Array)
			if (target >= 0 && seen[target] === 0) {
				seen[target] = 1;
				order.push(target);
				stack.push(target);
			}
	return order;
}

type Constraint = {
	readonly stmt: NftStmt;
	readonly rule: NftRule;
	readonly placements: readonly StmtPlacement[];
};

/** The statements of a chain that only some hooks or chain types may run. */
function constraintsOf(graph: ChainGraph, chain: number): Constraint[] {
	const found: Constraint[] = [];
	for (const rule of graph.table.chains[chain]?.rules ?? [])
		visitStmts(rule.stmts, (stmt) => {
			const placements = placementsOf(stmt, graph.table.family);
			if (placements.length > 0) found.push({ stmt, rule, placements });
		});
	return found;
}

/** Reports statements a base chain reaches on a hook or chain type they cannot run on. */
function checkPlacements(
	graph: ChainGraph,
	report: (p: Problem) => void,
): void {
	const reported = new Set<NftStmt>();
	const constraints = new Map<number, Constraint[]>();
	graph.table.chains.forEach((base, number) => {
		const hook = base.base;
		if (!hook) return;
		for (const chain of reachable(number, graph.targets)) {
			let list = constraints.get(chain);
			if (!list) {
				list = constraintsOf(graph, chain);
				constraints.set(chain, list);
			}
			for (const { stmt, rule, placements } of list)
				for (const placement of placements) {
					const fits =
						placement.hooks.includes(hook.hook) &&
						(placement.type === undefined || placement.type === hook.type);
					if (fits || reported.has(stmt)) continue;
					reported.add(stmt);
					const { line, column } = at({ stmt, rule });
					report({
						severity: "error",
						code: "wrong-hook",
						message: `Could not process rule: Too many links (${placement.name} cannot run in ${hook.type} chain '${base.name}' on the ${hook.hook} hook)`,
						line,
						column,
						length: 1,
						fatal: true,
					});
				}
		}
	});
}

/** Commit-time checks of one table. */
export function checkTableGraph(
	table: NftTable,
	report: (p: Problem) => void,
): void {
	const graph = buildGraph(table);
	checkLoops(graph, report);
	checkPlacements(graph, report);
}
