/**
 * ipt_do_table(): walk one table's chains at one hook. Rules are tested in
 * order; a matching rule emits a TRACE event and runs its target; `-j`
 * pushes a return position, `-g` does not; RETURN pops, or with an empty
 * stack falls to the built-in chain's policy entry; the end of a user chain
 * is an implicit RETURN, the end of a built-in chain its policy.
 */
import type {
	Chain,
	HookName,
	Rule,
	Table,
	TableName,
} from "../model/ruleset.js";
import type { TargetResult } from "../target/types.js";
import { nextCandidate } from "./chain-index.js";
import { evaluateRule } from "./evaluate-rule.js";
import type { NftChainOutcome } from "./nft-chain.js";
import type { Run } from "./run.js";
import { runExtension, targetStep } from "./run-target.js";
import { xtTracer } from "./xt-tracer.js";

export type TableVerdict =
	| { readonly kind: "ACCEPT" }
	| {
			readonly kind: "DROP";
			readonly rule?: Rule;
			/** Why a target dropped it, when it says (TPROXY without a socket). */
			readonly reason?: string;
			readonly policy?: { chain: string; num: number };
	  }
	| { readonly kind: "REJECT"; readonly rule: Rule; readonly with: string }
	| {
			readonly kind: "QUEUE";
			readonly rule: Rule;
			readonly queue: number;
			readonly bypass: boolean;
	  }
	| { readonly kind: "NAT"; readonly rule: Rule; readonly result: TargetResult }
	| { readonly kind: "STOP"; readonly reason: string }
	/** How an nft base chain (or nat-type chain) ended the packet. */
	| { readonly kind: "NFT"; readonly outcome: NftChainOutcome };

export type Devices = { readonly inDevice: string; readonly outDevice: string };

const accept: TableVerdict = { kind: "ACCEPT" };

type Frame = { readonly chain: Chain; readonly position: number };

/** RETURN: to the rule after the jump, or with an empty stack to the built-in chain's policy entry. */
function popReturn(
	run: Run,
	table: TableName,
	stack: Frame[],
	builtin: Chain,
): Frame {
	const back = stack.pop();
	const next = back
		? { chain: back.chain, position: back.position + 1 }
		: { chain: builtin, position: builtin.rules.length };
	if (run.recording)
		run.step({ kind: "chain", table, chain: next.chain.name, via: "return" });
	return next;
}

/** What nf_tables traces for an extension target's outcome (iptables-nft). */
function nftVerdictOf(outcome: TableVerdict | undefined): string {
	switch (outcome?.kind) {
		case undefined:
			return "continue";
		case "ACCEPT":
		case "NAT":
			return "accept";
		case "QUEUE":
			return "queue";
		default:
			return "drop";
	}
}

export function walkTable(
	run: Run,
	table: Table,
	hook: HookName,
	devices: Devices,
): TableVerdict {
	const builtin = table.chains.get(hook);
	run.lastTable = table.name;
	if (run.recording) run.step({ kind: "table", hook, table: table.name });
	if (!builtin) return accept;
	const stack: Frame[] = [];
	const where = {
		hook,
		table: table.name,
		inDevice: devices.inDevice,
		outDevice: devices.outDevice,
	};
	let chain = builtin;
	let position = 0;
	if (run.recording)
		run.step({
			kind: "chain",
			table: table.name,
			chain: chain.name,
			via: "hook",
		});
	const skipping = !run.recording;
	const tracer = xtTracer(run);
	for (;;) {
		const dst = run.packet.dst;
		if (skipping && typeof dst === "number")
			position = nextCandidate(chain, position, dst);
		const rule = chain.rules[position];
		if (!rule) {
			const num = chain.rules.length + 1;
			if (chain.builtin) {
				const policy = chain.policy ?? "ACCEPT";
				tracer.end(run, table.name, chain, num, policy);
				if (run.recording)
					run.step({
						kind: "end-of-chain",
						table: table.name,
						chain: chain.name,
						num,
						policy,
					});
				return policy === "ACCEPT"
					? accept
					: { kind: "DROP", policy: { chain: chain.name, num } };
			}
			tracer.end(run, table.name, chain, num);
			if (run.recording)
				run.step({
					kind: "end-of-chain",
					table: table.name,
					chain: chain.name,
					num,
				});
			({ chain, position } = popReturn(run, table.name, stack, builtin));
			continue;
		}
		const verdict = evaluateRule(rule, run, where);
		if (verdict.hotdrop !== undefined)
			return { kind: "DROP", rule, reason: verdict.hotdrop };
		if (verdict.result === "no-match" && skipping) {
			position++;
			continue;
		}
		if (run.recording)
			run.step({
				kind: "rule",
				table: table.name,
				chain: chain.name,
				num: position + 1,
				ruleId: rule.id,
				result: verdict.result,
				...(verdict.failed ? { failed: verdict.failed } : {}),
				...(verdict.assumed ? { assumed: true } : {}),
			});
		if (verdict.result === "unknown") {
			return {
				kind: "STOP",
				reason: `cannot decide ${rule.id}: ${verdict.failed ?? ""}`,
			};
		}
		if (verdict.result === "no-match") {
			position++;
			continue;
		}
		tracer.matched(run, table.name, chain, position, rule);
		const target = rule.target;
		if (!target) {
			if (tracer.tracesVerdicts)
				tracer.verdict(run, table.name, chain, position, "continue");
			position++;
			continue;
		}
		if (target.kind === "jump" || target.kind === "goto") {
			const next = table.chains.get(target.name);
			if (!next)
				return { kind: "STOP", reason: `chain ${target.name} does not exist` };
			if (run.recording)
				targetStep(
					run,
					table.name,
					chain,
					position,
					rule,
					target.kind === "jump" ? `jump to ${next.name}` : `goto ${next.name}`,
				);
			if (tracer.tracesVerdicts)
				tracer.verdict(
					run,
					table.name,
					chain,
					position,
					`${target.kind}:${next.name}`,
				);
			if (target.kind === "jump") stack.push({ chain, position });
			chain = next;
			position = 0;
			if (run.recording)
				run.step({
					kind: "chain",
					table: table.name,
					chain: chain.name,
					via: target.kind,
				});
			continue;
		}
		if (target.kind === "verdict") {
			targetStep(run, table.name, chain, position, rule, target.name);
			if (tracer.tracesVerdicts)
				tracer.verdict(
					run,
					table.name,
					chain,
					position,
					target.name.toLowerCase(),
				);
			if (target.name === "ACCEPT") return accept;
			if (target.name === "DROP") return { kind: "DROP", rule };
			if (target.name === "QUEUE")
				return { kind: "QUEUE", rule, queue: 0, bypass: false };
			({ chain, position } = popReturn(run, table.name, stack, builtin));
			continue;
		}
		const outcome = runExtension(
			run,
			table.name,
			hook,
			chain,
			position,
			rule,
			devices,
		);
		if (tracer.tracesVerdicts)
			tracer.verdict(run, table.name, chain, position, nftVerdictOf(outcome));
		if (outcome) return outcome;
		position++;
	}
}
