/**
 * Rule lines applied to a table as iptables-restore applies them between
 * `*table` and `COMMIT`: appends, inserts, replaces and deletes of rules,
 * and the chain commands, with libiptc's refusals (missing chain, index too
 * big) as diagnostics.
 */
import type { Rule } from "../model/ruleset.js";
import {
	declareUserChain,
	deleteChains,
	renameChain,
	setPolicy,
} from "./chain-commands.js";
import { fatal, report } from "./diagnostic-sink.js";
import { draftRules } from "./draft-rule.js";
import { formatRuleSpec } from "./print-ruleset.js";
import type { RuleCommand } from "./rule-command.js";
import { type ChainState, chainFor, type TableState } from "./table-state.js";

/** Applies one parsed rule line to the table. */
export function applyCommand(
	table: TableState,
	command: RuleCommand,
	line: number,
	text: string,
): void {
	const { sink } = table;
	switch (command.kind) {
		case "append":
		case "insert":
		case "replace":
		case "delete": {
			const chain = chainFor(
				table,
				command,
				line,
				command.kind === "append" || command.kind === "insert",
			);
			if (chain) editRules(table, chain, command, line, text);
			return;
		}
		case "new-chain":
			declareUserChain(
				table,
				command.chain ?? "",
				line,
				command.chainColumn,
				table.chains.get(command.chain ?? ""),
			);
			return;
		case "delete-chain":
			deleteChains(table, command, line);
			return;
		case "flush":
			if (command.chain === undefined)
				for (const chain of table.chains.values()) chain.rules = [];
			else {
				const chain = chainFor(table, command, line, false);
				if (chain) chain.rules = [];
			}
			return;
		case "zero":
			return;
		case "policy":
			setPolicy(
				table,
				command.chain ?? "",
				command.argument ?? "",
				line,
				command.chainColumn,
				true,
			);
			return;
		case "rename":
			renameChain(table, command, line);
			return;
		default: {
			const never: never = command.kind;
			report(sink, {
				severity: "error",
				code: "internal-error",
				message: `unhandled command ${String(never)}`,
				line,
				column: 1,
			});
		}
	}
}

function editRules(
	table: TableState,
	chain: ChainState,
	command: RuleCommand,
	line: number,
	text: string,
): void {
	const { sink } = table;
	const position = command.position;
	if (command.spec.target?.kind === "unknown")
		table.unknownTargets = (table.unknownTargets ?? 0) + 1;
	if (command.kind !== "append") chain.moved = true;
	if (command.kind === "delete") {
		if (position !== undefined) {
			if (position > chain.rules.length)
				fatal(
					sink,
					"bad-rule-number",
					`Index of deletion too big: ${chain.name} has ${chain.rules.length} rules`,
					line,
					command.chainColumn,
				);
			else chain.rules.splice(position - 1, 1);
			return;
		}
		const wanted = formatRuleSpec(
			draftRules(table, chain.name, command.spec, line, text)[0] as Rule,
		);
		const found = chain.rules.findIndex(
			(rule) => formatRuleSpec(rule) === wanted,
		);
		if (found === -1)
			fatal(
				sink,
				"no-such-rule",
				"Bad rule (does a matching rule exist in that chain?)",
				line,
				command.chainColumn,
			);
		else chain.rules.splice(found, 1);
		return;
	}
	const rules = draftRules(table, chain.name, command.spec, line, text);
	if (command.kind === "append") {
		// Numbered now, while the rule is young; finishTable renumbers only
		// rules that moved (inserts, deletes, renames).
		chain.idPrefix ??= `${table.name}/${chain.name}/`;
		for (const rule of rules) {
			rule.index = chain.rules.length + 1;
			rule.id = chain.idPrefix + rule.index;
			chain.rules.push(rule);
		}
		return;
	}
	const index = (position ?? 1) - 1;
	const limit =
		command.kind === "insert" ? chain.rules.length : chain.rules.length - 1;
	if (index > limit) {
		fatal(
			sink,
			"bad-rule-number",
			`Index of ${command.kind === "insert" ? "insertion" : "replacement"} too big: ${chain.name} has ${chain.rules.length} rules`,
			line,
			command.chainColumn,
		);
		return;
	}
	if (command.kind === "replace") chain.rules.splice(index, 1, ...rules);
	else for (const rule of rules) chain.rules.splice(index, 0, rule);
}
