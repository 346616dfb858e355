/**
 * The checks the kernel makes over a whole table when a batch commits:
 * jumps and gotos (verdict maps included) must not loop, and every
 * statement must suit the type and hook of each base chain that reaches it
 * (the expressions' validate). Linux 6.18 refuses both with EMLINK ("Too
 * many links") at the statement. `nft -c` does not run these commit-time
 * checks; a real load does, so the verdict here is the load's.
 */
import type { Problem } from "../parse/diagnostic-sink.js";
import type { NftChain, NftExpr, NftRule, NftStmt, NftTable } from "./model.js";
import { placementsOf } from "./stmt-hooks.js";
import { stmtExprs, visitExpr, visitStmts } from "./walk.js";

type Edge = {
	readonly target: string;
	readonly stmt: NftStmt;
	readonly rule: NftRule;
};

function targetsIn(expr: NftExpr, table: NftTable, found: string[]): void {
	visitExpr(expr, (e) => {
		if (e.kind === "verdict" && e.target !== undefined) found.push(e.target);
		if (e.kind === "setref") {
			const map = table.sets.find((set) => set.name === e.name);
			for (const element of map?.elements ?? [])
				targetsIn(element, table, found);
		}
	});
}

/** The chains each chain jumps or goes to, with the statement that does. */
export function chainEdges(table: NftTable): Map<string, Edge[]> {
	const edges = new Map<string, Edge[]>();
	for (const chain of table.chains) {
		const list: Edge[] = [];
		for (const rule of chain.rules)
			visitStmts(rule.stmts, (stmt) => {
				const found: string[] = [];
				for (const expr of stmtExprs(stmt)) targetsIn(expr, table, found);
				for (const target of found) list.push({ target, stmt, rule });
			});
		edges.set(chain.name, list);
	}
	return edges;
}

function at(edge: { stmt: NftStmt; rule: NftRule }): {
	line: number;
	column: number;
} {
	return edge.stmt.origin ?? edge.rule.origin;
}

/** Reports the first jump that closes each loop. */
function checkLoops(
	edges: Map<string, Edge[]>,
	report: (p: Problem) => void,
): void {
	const state = new Map<string, "open" | "done">();
	const visit = (name: string): void => {
		state.set(name, "open");
		for (const edge of edges.get(name) ?? []) {
			const seen = state.get(edge.target);
			if (seen === "open") {
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
			} else if (seen === undefined && edges.has(edge.target))
				visit(edge.target);
		}
		state.set(name, "done");
	};
	for (const name of edges.keys()) if (!state.has(name)) visit(name);
}

function reachable(base: NftChain, edges: Map<string, Edge[]>): Set<string> {
	const seen = new Set([base.name]);
	const stack = [base.name];
	for (let name = stack.pop(); name !== undefined; name = stack.pop())
		for (const edge of edges.get(name) ?? [])
			if (!seen.has(edge.target)) {
				seen.add(edge.target);
				stack.push(edge.target);
			}
	return seen;
}

/** Reports statements a base chain reaches on a hook or chain type they cannot run on. */
function checkPlacements(
	table: NftTable,
	edges: Map<string, Edge[]>,
	report: (p: Problem) => void,
): void {
	const reported = new Set<NftStmt>();
	const byName = new Map(table.chains.map((chain) => [chain.name, chain]));
	for (const base of table.chains) {
		const hook = base.base;
		if (!hook) continue;
		for (const name of reachable(base, edges))
			for (const rule of byName.get(name)?.rules ?? [])
				visitStmts(rule.stmts, (stmt) => {
					for (const placement of placementsOf(stmt, table.family)) {
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
				});
	}
}

/** Commit-time checks of one table. */
export function checkTableGraph(
	table: NftTable,
	report: (p: Problem) => void,
): void {
	const edges = chainEdges(table);
	checkLoops(edges, report);
	checkPlacements(table, edges, report);
}
