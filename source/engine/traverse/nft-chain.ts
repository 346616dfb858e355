/**
 * nft_do_chain(): one nft base chain at its hook. Rules run in order and
 * each rule's statements in order; a failed match or a verdict-map miss
 * ends the rule silently (NFT_BREAK); a rule that runs out of statements
 * traces `continue`; `jump` pushes a return point, `goto` does not,
 * `return` and the end of a chain pop it; with nothing to pop, the base
 * chain's policy decides. `accept` ends only this base chain: the hook's
 * later users still run. Trace events are the kernel's nftrace messages.
 */
import type { HookName } from "../model/ruleset.js";
import type { NftRule, NftStmt, NftVerdictExpr } from "../nft/model.js";
import type { NftScope } from "../nft-eval/eval-expr.js";
import {
	evalKey,
	keyTypes,
	lookup,
	matchStatement,
} from "../nft-eval/eval-expr.js";
import type { NftBaseChain, PreparedTable } from "../nft-eval/nft-host.js";
import type { NftSetLookup } from "../nft-eval/set-index.js";
import { scopeFor } from "./nft-scope.js";
import {
	type NatBinder,
	runNftStatement,
	type StatementWhere,
} from "./nft-statements.js";
import type { Run } from "./run.js";
import type { NftPlace, NftTraceEvent } from "./trace-types.js";
import type { Devices } from "./walk-table.js";

/** How a base chain ends for the hook. */
export type NftChainOutcome =
	| { readonly kind: "accept" }
	| {
			readonly kind: "drop";
			readonly reason: string;
			/** A reject: the reply (x_tables REJECT's `--reject-with` name) is sent from this chain. */
			readonly reject?: { readonly with: string; readonly place: NftPlace };
	  }
	| { readonly kind: "queue"; readonly queue: number; readonly reason: string }
	| { readonly kind: "stop"; readonly reason: string };

/** What one rule came to: no match, continue, or a verdict. */
type RuleEnd =
	| { readonly kind: "break"; readonly failed: string }
	| { readonly kind: "continue" }
	| { readonly kind: "verdict"; readonly verdict: NftVerdictExpr }
	| {
			readonly kind: "final";
			readonly verdict: "accept" | "drop" | "queue";
			readonly outcome: NftChainOutcome;
	  };

function emit(run: Run, event: NftTraceEvent): void {
	run.events.push(event);
	run.step({ kind: "trace-event", event });
}

function verdictText(verdict: NftVerdictExpr): string {
	return verdict.target !== undefined
		? `${verdict.verdict}:${verdict.target}`
		: verdict.verdict;
}

function runRule(
	run: Run,
	rule: NftRule,
	scope: NftScope,
	place: NftPlace,
	hook: HookName,
	devices: Devices,
	bindNat: NatBinder | undefined,
	table: PreparedTable,
): RuleEnd {
	for (const stmt of rule.stmts) {
		const end = runStatement(run, stmt, scope, {
			place,
			hook,
			devices,
			bindNat,
			table,
		});
		if (end) return end;
	}
	return { kind: "continue" };
}

function runStatement(
	run: Run,
	stmt: NftStmt,
	scope: NftScope,
	where: StatementWhere,
): RuleEnd | undefined {
	switch (stmt.kind) {
		case "match":
			return matchStatement(scope, stmt)
				? undefined
				: { kind: "break", failed: "a match failed" };
		case "verdict":
			return { kind: "verdict", verdict: stmt.verdict };
		case "vmap": {
			const key = evalKey(scope, stmt.key);
			const data =
				key === undefined
					? undefined
					: lookup(scope, stmt.data, key, keyTypes(stmt.key));
			if (data?.kind !== "verdict")
				return { kind: "break", failed: "the verdict map has no element" };
			return { kind: "verdict", verdict: data };
		}
		default:
			return runNftStatement(run, stmt, scope, where);
	}
}

type Frame = { readonly chain: string; readonly position: number };

/** Runs one base chain; the outcome says whether the hook goes on. */
export function runNftBaseChain(
	run: Run,
	base: NftBaseChain,
	devices: Devices,
	bindNat?: NatBinder,
): NftChainOutcome {
	const { table } = base;
	const family = table.table.family;
	const tableName = table.table.name;
	const hook = base.hook;
	const full = run.options.detail === "full";
	// The lookups of the rule being run, for its step (only when steps are kept).
	const lookups: NftSetLookup[] = [];
	const scope = scopeFor(
		run,
		table,
		hook,
		devices,
		full ? (lookup) => lookups.push(lookup) : undefined,
	);
	const stack: Frame[] = [];
	let chain = base.chain;
	let position = 0;
	const placeOf = (name: string): NftPlace => ({
		family,
		table: tableName,
		chain: name,
	});
	run.step({
		kind: "nft-chain",
		...placeOf(chain.name),
		via: "hook",
		hook,
		priority: base.priority,
	});
	// One place per chain entered, not per rule: a chain can have thousands.
	let place = placeOf(chain.name);
	for (let steps = 0; steps < 1_000_000; steps++) {
		if (place.chain !== chain.name) place = placeOf(chain.name);
		const rule = chain.rules[position];
		let verdict: NftVerdictExpr | undefined;
		if (!rule) {
			emit(run, { kind: "nft", ...place, type: "end" });
			run.step({ kind: "nft-end", ...place });
			verdict = { kind: "verdict", verdict: "continue" };
		} else {
			lookups.length = 0;
			const end = runRule(
				run,
				rule,
				scope,
				place,
				hook,
				devices,
				bindNat,
				table,
			);
			if (end.kind === "break") {
				if (full)
					run.step({
						kind: "nft-rule",
						...place,
						handle: rule.handle,
						index: position,
						rule,
						failed: end.failed,
						...(lookups.length > 0 ? { lookups: [...lookups] } : {}),
					});
				position++;
				continue;
			}
			const text =
				end.kind === "continue"
					? "continue"
					: end.kind === "final"
						? end.verdict
						: verdictText(end.verdict);
			emit(run, {
				kind: "nft",
				...place,
				type: "rule",
				...(rule.handle !== undefined ? { handle: rule.handle } : {}),
				verdict: text,
			});
			run.step({
				kind: "nft-rule",
				...place,
				handle: rule.handle,
				index: position,
				rule,
				verdict: text,
				...(lookups.length > 0 ? { lookups: [...lookups] } : {}),
			});
			if (end.kind === "final") return end.outcome;
			if (end.kind === "continue") {
				position++;
				continue;
			}
			verdict = end.verdict;
		}
		switch (verdict.verdict) {
			case "accept":
				return { kind: "accept" };
			case "drop":
				return {
					kind: "drop",
					reason: `nft ${family} ${tableName} ${chain.name} rule handle ${rule?.handle ?? "?"}: drop`,
				};
			case "queue":
				return {
					kind: "queue",
					queue: 0,
					reason: "queued to userspace by nft",
				};
			case "jump":
			case "goto": {
				const next = table.chains.get(verdict.target ?? "");
				if (!next)
					return {
						kind: "stop",
						reason: `chain ${verdict.target} does not exist`,
					};
				if (verdict.verdict === "jump")
					stack.push({ chain: chain.name, position });
				chain = next;
				position = 0;
				run.step({
					kind: "nft-chain",
					...placeOf(chain.name),
					via: verdict.verdict,
				});
				continue;
			}
			default: {
				// continue at a chain's end, or return: pop, or the base chain's policy.
				const back = stack.pop();
				if (back) {
					chain = table.chains.get(back.chain) ?? chain;
					position = back.position + 1;
					run.step({
						kind: "nft-chain",
						...placeOf(chain.name),
						via: "return",
					});
					continue;
				}
				const policy = base.policy;
				const basePlace = placeOf(base.chain.name);
				emit(run, {
					kind: "nft",
					...basePlace,
					type: "policy",
					verdict: policy,
				});
				run.step({ kind: "nft-end", ...basePlace, policy });
				return policy === "accept"
					? { kind: "accept" }
					: {
							kind: "drop",
							reason: `nft ${family} ${tableName} ${base.chain.name} policy drop`,
						};
			}
		}
	}
	return { kind: "stop", reason: "nft chain walk did not end" };
}
