/**
 * The jump graph of an nft table as the kernel's validation walks it
 * (nft_chain_validate): chains numbered once, and for each chain the jumps
 * and gotos its rules make, verdict maps included (an anonymous map's
 * elements come with the rule; a named map's come with the map). Each edge
 * carries when the batch added it: the later of its rule and its map
 * element, since either can be the message that completes a path.
 */
import type {
	NftExpr,
	NftOrigin,
	NftRule,
	NftSet,
	NftStmt,
	NftTable,
} from "./model.js";
import { forEachChild, forEachStmtExpr, visitStmts } from "./walk.js";

/** Where in the batch a rule or map element was added, and where nft reports its message. */
export type BatchPlace = { readonly position: number; readonly at: NftOrigin };

/** The batch place of a rule or map element; undefined when not known (position 0). */
export type BatchTime = (item: NftRule | NftExpr) => BatchPlace | undefined;

export type Edge = {
	readonly target: string;
	readonly stmt: NftStmt;
	readonly rule: NftRule;
	/** The batch position that completes the edge: its rule's or its map element's. */
	readonly time: number;
	/** Where the kernel reports an error found when the edge is completed. */
	readonly at: NftOrigin;
};

export type ChainGraph = {
	readonly table: NftTable;
	readonly edges: readonly (readonly Edge[])[];
	/** Per chain, the numbers of the chains its edges reach (-1: no such chain). */
	readonly targets: readonly Int32Array[];
};

type TargetVisit = (target: string, element: NftExpr | undefined) => void;

/** Jump and goto targets under an expression, with the named map element they come from. */
function targetsIn(
	expr: NftExpr,
	mapTargets: (name: string) => readonly (readonly [string, NftExpr])[],
	visit: TargetVisit,
): void {
	if (expr.kind === "verdict" && expr.target !== undefined)
		visit(expr.target, undefined);
	if (expr.kind === "setref")
		for (const [target, element] of mapTargets(expr.name))
			visit(target, element);
	forEachChild(expr, (child) => targetsIn(child, mapTargets, visit));
}

/** A map's targets with their elements, read once however many rules look it up. */
function mapTargetsOf(
	table: NftTable,
): (name: string) => readonly (readonly [string, NftExpr])[] {
	const sets = new Map<string, NftSet>();
	for (const set of table.sets)
		if (!sets.has(set.name)) sets.set(set.name, set);
	const known = new Map<string, (readonly [string, NftExpr])[]>();
	const of = (name: string): readonly (readonly [string, NftExpr])[] => {
		const cached = known.get(name);
		if (cached) return cached;
		const found: (readonly [string, NftExpr])[] = [];
		known.set(name, found);
		for (const element of sets.get(name)?.elements ?? [])
			targetsIn(element, of, (target, inner) =>
				found.push([target, inner ?? element]),
			);
		return found;
	};
	return of;
}

export function buildGraph(table: NftTable, timeOf: BatchTime): ChainGraph {
	const numbers = new Map<string, number>();
	table.chains.forEach((chain, i) => {
		numbers.set(chain.name, i);
	});
	const mapTargets = mapTargetsOf(table);
	const edges = table.chains.map((chain) => {
		const list: Edge[] = [];
		for (const rule of chain.rules) {
			const ruleTime = timeOf(rule)?.position ?? 0;
			visitStmts(rule.stmts, (stmt) => {
				forEachStmtExpr(stmt, (expr) =>
					targetsIn(expr, mapTargets, (target, element) => {
						const added = element && timeOf(element);
						const later = added !== undefined && added.position > ruleTime;
						list.push({
							target,
							stmt,
							rule,
							time: later ? added.position : ruleTime,
							at: later ? added.at : rule.origin,
						});
					}),
				);
			});
		}
		return list;
	});
	const targets = edges.map((list) =>
		Int32Array.from(list, (edge) => numbers.get(edge.target) ?? -1),
	);
	return { table, edges, targets };
}
