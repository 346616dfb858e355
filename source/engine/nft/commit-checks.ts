/**
 * The checks the kernel makes when a batch commits (nf_tables_validate →
 * nft_table_validate → nft_chain_validate), from every base chain through
 * jumps, gotos and verdict maps:
 * - no chain may be entered 16 deep (NFT_JUMP_STACK_SIZE): EMLINK, "Too
 *   many links". A loop that a base chain reaches is one case; a loop
 *   among chains no base chain reaches is never walked and loads.
 * - every statement must suit the type and hook of each base chain that
 *   reaches it (the expressions' validate): EOPNOTSUPP.
 * `nft -c` never commits, so it passes what only these catch; a load fails.
 * The first commit fails as a whole; the kernel then replays the batch
 * validating after each rule and element, so the error names the first
 * message after which a table is invalid: the latest rule or element on the
 * path (or the statement's own rule) that completed it. Measured with nft
 * 1.0.6 on Linux 6.18.
 */
import type { Problem } from "../parse/diagnostic-sink.js";
import {
	type BatchTime,
	buildGraph,
	type ChainGraph,
	type Edge,
} from "./chain-graph.js";
import type { NftOrigin, NftRuleset } from "./model.js";
import { placementsOf } from "./stmt-hooks.js";
import { visitStmts } from "./walk.js";

/** NFT_JUMP_STACK_SIZE: a chain entered at this depth is refused. */
const stackSize = 16;

/** The earliest batch time each chain is entered at each depth, and the edge that does it. */
type Reach = {
	readonly time: Float64Array[];
	readonly fromChain: Int32Array[];
	readonly fromEdge: Int32Array[];
};

type Failure = {
	readonly time: number;
	readonly at: NftOrigin;
	readonly code: string;
	readonly message: string;
};

function reach(graph: ChainGraph, bases: readonly number[]): Reach {
	const n = graph.edges.length;
	const first = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
	for (const base of bases) first[base] = -1;
	const result: Reach = {
		time: [first],
		fromChain: [new Int32Array(n)],
		fromEdge: [new Int32Array(n)],
	};
	for (let level = 0; level < stackSize; level++) {
		const now = result.time[level] as Float64Array;
		const next = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
		const fromChain = new Int32Array(n);
		const fromEdge = new Int32Array(n);
		let any = false;
		for (let chain = 0; chain < n; chain++) {
			const at = now[chain] as number;
			if (at === Number.POSITIVE_INFINITY) continue;
			const edges = graph.edges[chain] as readonly Edge[];
			const targets = graph.targets[chain] as Int32Array;
			for (let i = 0; i < edges.length; i++) {
				const target = targets[i] as number;
				if (target < 0) continue;
				const time = Math.max(at, (edges[i] as Edge).time);
				if (time < (next[target] as number)) {
					next[target] = time;
					fromChain[target] = chain;
					fromEdge[target] = i;
					any = true;
				}
			}
		}
		if (!any) break;
		result.time.push(next);
		result.fromChain.push(fromChain);
		result.fromEdge.push(fromEdge);
	}
	return result;
}

/** The edges that enter `chain` at `level`, from the base chain on. */
function pathTo(graph: ChainGraph, r: Reach, level: number, chain: number) {
	const edges: Edge[] = [];
	const chains = [chain];
	for (let l = level, c = chain; l > 0; l--) {
		const from = r.fromChain[l]?.[c] as number;
		edges.unshift(
			(graph.edges[from] as readonly Edge[])[
				r.fromEdge[l]?.[c] as number
			] as Edge,
		);
		chains.unshift(from);
		c = from;
	}
	return { edges, chains };
}

/** The edge added last on a path: the one whose message the kernel refuses. */
function latest(edges: readonly Edge[]): Edge | undefined {
	let found: Edge | undefined;
	for (const edge of edges) if (!found || edge.time >= found.time) found = edge;
	return found;
}

function depthFailure(graph: ChainGraph, r: Reach): Failure | undefined {
	const deepest = r.time[stackSize];
	if (!deepest) return undefined;
	let chain = -1;
	for (let c = 0; c < deepest.length; c++)
		if (chain < 0 || (deepest[c] as number) < (deepest[chain] as number))
			chain = c;
	const { edges, chains } = pathTo(graph, r, stackSize, chain);
	const last = latest(edges);
	if (!last) return undefined;
	const base = graph.table.chains[chains[0] as number]?.name;
	const loop = new Set(chains).size < chains.length;
	return {
		time: last.time,
		at: last.at,
		code: loop ? "jump-loop" : "jump-depth",
		message: loop
			? `Could not process rule: Too many links (jump to '${last.target}' closes a loop that base chain '${base}' reaches)`
			: `Could not process rule: Too many links (chain '${graph.table.chains[chain]?.name}' would be ${stackSize} jumps deep from base chain '${base}'; the kernel allows ${stackSize - 1})`,
	};
}

/** The first statement the base chains of one type and hook reach but may not run. */
function placementFailure(
	graph: ChainGraph,
	r: Reach,
	timeOf: BatchTime,
	base: { readonly type: string; readonly hook: string },
): Failure | undefined {
	let found: Failure | undefined;
	for (let chain = 0; chain < graph.edges.length; chain++) {
		// The earliest the chain is reached at a depth it is validated at.
		let level = -1;
		let pathTime = Number.POSITIVE_INFINITY;
		for (let l = 0; l < r.time.length && l < stackSize; l++) {
			const time = r.time[l]?.[chain] ?? Number.POSITIVE_INFINITY;
			if (time < pathTime) {
				pathTime = time;
				level = l;
			}
		}
		if (level < 0) continue;
		for (const rule of graph.table.chains[chain]?.rules ?? []) {
			const ruleTime = timeOf(rule)?.position ?? 0;
			const time = Math.max(pathTime, ruleTime);
			if (found && found.time <= time) continue;
			visitStmts(rule.stmts, (stmt) => {
				for (const placement of placementsOf(stmt, graph.table.family)) {
					const fits =
						placement.hooks.includes(base.hook) &&
						(placement.type === undefined || placement.type === base.type);
					if (fits || (found && found.time <= time)) continue;
					const path = pathTo(graph, r, level, chain);
					const edge = ruleTime >= pathTime ? undefined : latest(path.edges);
					const name = graph.table.chains[path.chains[0] as number]?.name;
					found = {
						time,
						at: edge?.at ?? rule.origin,
						code: "wrong-hook",
						message: `Could not process rule: Operation not supported (${placement.name} cannot run in ${base.type} chain '${name}' on the ${base.hook} hook)`,
					};
				}
			});
		}
	}
	return found;
}

function tableFailure(
	graph: ChainGraph,
	timeOf: BatchTime,
): Failure | undefined {
	// Base chains of one type and hook validate alike: one walk per kind.
	const kinds = new Map<string, number[]>();
	graph.table.chains.forEach((chain, number) => {
		if (!chain.base) return;
		const key = `${chain.base.type} ${chain.base.hook}`;
		kinds.set(key, [...(kinds.get(key) ?? []), number]);
	});
	let first: Failure | undefined;
	for (const bases of kinds.values()) {
		const hook = graph.table.chains[bases[0] as number]?.base;
		if (!hook) continue;
		const r = reach(graph, bases);
		for (const failure of [
			depthFailure(graph, r),
			placementFailure(graph, r, timeOf, hook),
		])
			if (failure && (!first || failure.time < first.time)) first = failure;
	}
	return first;
}

/** Reports the error a load's commit would give, if any (one: the batch stops there). */
export function checkCommit(
	ruleset: NftRuleset,
	timeOf: BatchTime,
	report: (problem: Problem) => void,
): void {
	let first: Failure | undefined;
	for (const table of ruleset.tables) {
		const failure = tableFailure(buildGraph(table, timeOf), timeOf);
		if (failure && (!first || failure.time < first.time)) first = failure;
	}
	if (first)
		report({
			severity: "error",
			code: first.code,
			message: first.message,
			line: first.at.line,
			column: first.at.column,
			length: 1,
			fatal: true,
		});
}
