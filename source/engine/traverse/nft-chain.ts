/**
 * nft_do_chain(): one nft base chain at its hook. Rules run in order and
 * each rule's statements in order; a failed match or a verdict-map miss
 * ends the rule silently (NFT_BREAK); a rule that runs out of statements
 * traces `continue`; `jump` pushes a return point, `goto` does not,
 * `return` and the end of a chain pop it; with nothing to pop, the base
 * chain's policy decides. `accept` ends only this base chain: the hook's
 * later users still run. Trace events are the kernel's nftrace messages.
 */
import type { NftVerdictExpr } from "../nft/model.js";
import type { NftBaseChain } from "../nft-eval/nft-host.js";
import type { NftSetLookup } from "../nft-eval/set-index.js";
import { compiledChain, type RuleEnd } from "./nft-compiled-rule.js";
import { scopeFor } from "./nft-scope.js";
import type { NatBinder, StatementWhere } from "./nft-statements.js";
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

function emit(run: Run, event: NftTraceEvent): void {
	run.events.push(event);
	if (run.recording) run.step({ kind: "trace-event", event });
}

const accepted: NftChainOutcome = { kind: "accept" };
const continueVerdict: NftVerdictExpr = {
	kind: "verdict",
	verdict: "continue",
};

function verdictText(verdict: NftVerdictExpr): string {
	return verdict.target !== undefined
		? `${verdict.verdict}:${verdict.target}`
		: verdict.verdict;
}

/** The nftrace message of a rule that did not break. */
function ruleEvent(
	place: NftPlace,
	handle: number | undefined,
	verdict: string,
): NftTraceEvent {
	const { family, table, chain } = place;
	return handle === undefined
		? { kind: "nft", family, table, chain, type: "rule", verdict }
		: { kind: "nft", family, table, chain, type: "rule", handle, verdict };
}

function endText(end: RuleEnd): string {
	return end.kind === "continue"
		? "continue"
		: end.kind === "final"
			? end.verdict
			: end.kind === "verdict"
				? verdictText(end.verdict)
				: "break";
}

type Frame = { readonly chain: string; readonly position: number };

/** Runs one base chain; the outcome says whether the hook goes on. */
export function runNftBaseChain(
	run: Run,
	base: NftBaseChain,
	devices: Devices,
	bindNat?: NatBinder,
): NftChainOutcome {
	const { table, hook } = base;
	const family = table.table.family;
	const tableName = table.table.name;
	const full = run.recording;
	// The set and map lookups of the rule being run, for its step (only when steps are kept).
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
	let rules = compiledChain(chain);
	let position = 0;
	const placeOf = (name: string): NftPlace => ({
		family,
		table: tableName,
		chain: name,
	});
	// One place (and statement context) per chain entered, not per rule: a chain can have thousands.
	const whereIn = (name: string): StatementWhere => ({
		place: placeOf(name),
		hook,
		devices,
		bindNat,
		table,
	});
	let where = whereIn(chain.name);
	const enter = (name: string, via: "jump" | "goto" | "return") => {
		where = whereIn(name);
		if (full) run.step({ kind: "nft-chain", ...where.place, via });
	};
	if (full)
		run.step({
			kind: "nft-chain",
			...where.place,
			via: "hook",
			hook,
			priority: base.priority,
		});
	for (let steps = 0; steps < 1_000_000; steps++) {
		const { place } = where;
		const compiled = rules.rule(position);
		const rule = chain.rules[position];
		let verdict: NftVerdictExpr;
		if (!compiled || !rule) {
			emit(run, {
				kind: "nft",
				family,
				table: tableName,
				chain: place.chain,
				type: "end",
			});
			if (full) run.step({ kind: "nft-end", ...place });
			verdict = continueVerdict;
		} else {
			if (full) lookups.length = 0;
			const end = compiled(run, scope, where);
			// The rule's step: what failed, or the verdict it gave.
			const ruleStep = (outcome: {
				readonly failed?: string;
				readonly verdict?: string;
			}) =>
				run.step({
					kind: "nft-rule",
					...place,
					handle: rule.handle,
					index: position,
					rule,
					...outcome,
					...(lookups.length > 0 ? { lookups: [...lookups] } : {}),
				});
			if (end.kind === "break") {
				if (full) ruleStep({ failed: end.failed });
				position++;
				continue;
			}
			const text = endText(end);
			emit(run, ruleEvent(place, rule.handle, text));
			if (full) ruleStep({ verdict: text });
			if (end.kind === "final") return end.outcome;
			if (end.kind === "continue") {
				position++;
				continue;
			}
			verdict = end.verdict;
		}
		switch (verdict.verdict) {
			case "accept":
				return accepted;
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
				rules = compiledChain(chain);
				position = 0;
				enter(chain.name, verdict.verdict);
				continue;
			}
			default: {
				// continue at a chain's end, or return: pop, or the base chain's policy.
				const back = stack.pop();
				if (back) {
					chain = table.chains.get(back.chain) ?? chain;
					rules = compiledChain(chain);
					position = back.position + 1;
					enter(chain.name, "return");
					continue;
				}
				const policy = base.policy;
				const basePlace = placeOf(base.chain.name);
				emit(run, {
					kind: "nft",
					family,
					table: tableName,
					chain: base.chain.name,
					type: "policy",
					verdict: policy,
				});
				if (full) run.step({ kind: "nft-end", ...basePlace, policy });
				return policy === "accept"
					? accepted
					: {
							kind: "drop",
							reason: `nft ${family} ${tableName} ${base.chain.name} policy drop`,
						};
			}
		}
	}
	return { kind: "stop", reason: "nft chain walk did not end" };
}
