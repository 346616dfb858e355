/**
 * A matched rule's target: the step that records it, and extension targets
 * (LOG, MARK, NAT, REJECT ...) run through the target registry, their
 * changes applied and their verdict handed back to the table walk.
 */
import { formatLogLine } from "../format/log-line.js";
import type { Chain, HookName, Rule, TableName } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";
import type { TargetContext } from "../target/types.js";
import { applyCt, applyNotrack } from "./ct-template.js";
import type { Run } from "./run.js";
import { applyChanges } from "./target-changes.js";
import type { Devices, TableVerdict } from "./walk-table.js";

export function targetStep(
	run: Run,
	table: TableName,
	chain: Chain,
	position: number,
	rule: Rule,
	description: string,
): void {
	if (!run.recording) return;
	run.step({
		kind: "target",
		table,
		chain: chain.name,
		num: position + 1,
		ruleId: rule.id,
		target: rule.target?.name ?? "",
		description,
	});
}

/** Runs an extension target; returns a verdict when it ends the table walk. */
export function runExtension(
	run: Run,
	table: TableName,
	hook: HookName,
	chain: Chain,
	position: number,
	rule: Rule,
	devices: Devices,
): TableVerdict | undefined {
	const target = rule.target;
	const module = target ? findTargetModule(target.name) : undefined;
	if (!target || !module || target.kind !== "extension") {
		targetStep(
			run,
			table,
			chain,
			position,
			rule,
			`${target?.name ?? "?"} (unknown target: treated as continue)`,
		);
		return undefined;
	}
	const context: TargetContext = {
		packet: run.packet,
		meta: run.meta,
		hook,
		table,
		chain: chain.name,
		inInterface: devices.inDevice,
		outInterface: devices.outDevice,
		conntrack: run.ct,
		host: run.context.host,
		time: run.time,
		state: run.scopedState(`${rule.id}#target`),
		shared: run.sharedState,
	};
	const result = module.apply(target.data, context);
	if (run.recording)
		targetStep(run, table, chain, position, rule, module.describe(target.data));
	if (result.changes) {
		applyChanges(
			run,
			result.changes,
			rule,
			{ table, chain: chain.name, num: position + 1 },
			devices,
			formatLogLine,
		);
	}
	const effect = result.effect;
	switch (effect.kind) {
		case "continue":
		case "trace":
			return undefined;
		case "notrack":
			applyNotrack(run, "NOTRACK");
			return undefined;
		case "ct":
			applyCt(run, effect);
			return undefined;
		case "accept":
			return { kind: "ACCEPT" };
		case "drop":
			return effect.reason
				? { kind: "DROP", rule, reason: effect.reason }
				: { kind: "DROP", rule };
		case "reject":
			return { kind: "REJECT", rule, with: effect.with };
		case "queue":
			return {
				kind: "QUEUE",
				rule,
				queue: effect.queue,
				bypass: effect.bypass,
			};
		case "nat":
			return { kind: "NAT", rule, result };
		default:
			return assertNever(effect);
	}
}

function assertNever(value: never): never {
	throw new Error(`iptx: unexpected target effect ${JSON.stringify(value)}`);
}
