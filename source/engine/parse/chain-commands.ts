/**
 * Commands on chains as libiptc carries them out: declaring a user chain
 * (`:NAME -`, `-N`), a built-in chain's policy (`:INPUT DROP`, `-P`),
 * deleting (`-X`) and renaming (`-E`), with its refusals as diagnostics.
 */
import { builtinChains } from "../model/ruleset.js";
import { fatal } from "./diagnostic-sink.js";
import { changeTarget } from "./lazy-calls.js";
import type { RuleCommand } from "./rule-command.js";
import {
	type ChainState,
	chainFor,
	isBuiltinName,
	maxChainName,
	newChain,
	type TableState,
} from "./table-state.js";

function referenced(table: TableState, chain: string): boolean {
	for (const state of table.chains.values()) {
		for (const rule of state.rules) {
			if (
				rule.target?.name === chain &&
				rule.target.kind !== "extension" &&
				rule.target.kind !== "verdict"
			)
				return true;
		}
	}
	return false;
}

/** `:NAME -` or `-N NAME`. */
/** Names libiptc reserves for verdicts: no user chain may take one. */
const verdictTargets: ReadonlySet<string> = new Set([
	"ACCEPT",
	"DROP",
	"RETURN",
	"QUEUE",
]);

export function declareUserChain(
	table: TableState,
	name: string,
	line: number,
	column: number,
	existing: ChainState | undefined,
): ChainState {
	if (existing?.implied) {
		existing.line = line;
		return existing;
	}
	if (name.length > maxChainName)
		fatal(
			table.sink,
			"bad-chain-name",
			`Invalid chain name \`${name}' (${maxChainName} chars max)`,
			line,
			column,
			name.length,
		);
	else if (name.length === 0)
		fatal(table.sink, "bad-chain-name", "empty chain name", line, column);
	else if (verdictTargets.has(name))
		fatal(
			table.sink,
			"bad-chain-name",
			`error creating chain '${name}': File exists (libiptc keeps ${name} as a standard verdict)`,
			line,
			column,
			name.length,
		);
	if (existing) {
		fatal(
			table.sink,
			"duplicate-chain",
			`error creating chain '${name}': File exists (already declared${existing.line > 0 ? ` at line ${existing.line}` : " as a built-in chain"})`,
			line,
			column,
			Math.max(1, name.length),
		);
		return existing;
	}
	const state = newChain(name, false, line, false, table.chains.size);
	table.chains.set(name, state);
	return state;
}

/** Sets a built-in chain's policy (`:INPUT DROP` or `-P INPUT DROP`). */
export function setPolicy(
	table: TableState,
	name: string,
	policy: string,
	line: number,
	column: number,
	viaCommand: boolean,
): void {
	const chain = table.chains.get(name);
	const { sink } = table;
	if (!chain?.builtin) {
		const why =
			isBuiltinName(table.name, name) ||
			!["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"].includes(
				name,
			)
				? "only built-in chains have a policy"
				: `${name} is not a built-in chain of table ${table.name} (it has ${builtinChains[table.name].join(", ")})`;
		fatal(
			sink,
			"bad-policy",
			`Can't set policy \`${policy}' on \`${name}': Bad built-in chain name (${why})`,
			line,
			column,
			Math.max(1, name.length),
		);
		return;
	}
	if (policy !== "ACCEPT" && policy !== "DROP") {
		fatal(
			sink,
			"bad-policy",
			`Can't set policy \`${policy}' on \`${name}': Bad policy name (ACCEPT or DROP)`,
			line,
			column,
			Math.max(1, name.length),
		);
		return;
	}
	if (viaCommand && policy === "DROP" && table.name === "nat") {
		fatal(
			sink,
			"drop-in-nat",
			'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.',
			line,
			column,
			name.length,
		);
	}
	chain.policy = policy;
	if (!viaCommand) chain.line = line;
}

function deleteChain(
	table: TableState,
	chain: ChainState,
	line: number,
	column: number,
): void {
	const { sink } = table;
	if (chain.builtin)
		fatal(
			sink,
			"bad-delete-chain",
			`Cannot delete built-in chain ${chain.name}`,
			line,
			column,
		);
	else if (referenced(table, chain.name))
		fatal(
			sink,
			"chain-in-use",
			`Can't delete chain '${chain.name}': Too many links (rules jump to it)`,
			line,
			column,
		);
	else if (chain.rules.length > 0)
		fatal(
			sink,
			"chain-in-use",
			`Can't delete chain '${chain.name}': Directory not empty (flush it first)`,
			line,
			column,
		);
	else {
		table.chains.delete(chain.name);
		table.forget();
	}
}

export function deleteChains(
	table: TableState,
	command: RuleCommand,
	line: number,
): void {
	if (command.chain === undefined) {
		for (const chain of [...table.chains.values()])
			if (!chain.builtin) deleteChain(table, chain, line, command.chainColumn);
		return;
	}
	const chain = chainFor(table, command, line, false);
	if (chain) deleteChain(table, chain, line, command.chainColumn);
}

export function renameChain(
	table: TableState,
	command: RuleCommand,
	line: number,
): void {
	const chain = chainFor(table, command, line, false);
	const next = command.argument ?? "";
	if (!chain) return;
	if (chain.builtin || table.chains.has(next)) {
		const message = chain.builtin
			? `Cannot rename built-in chain ${chain.name}`
			: `Chain '${next}' already exists`;
		fatal(table.sink, "bad-rename", message, line, command.chainColumn);
		return;
	}
	const old = chain.name;
	const entries = [...table.chains.entries()].map(
		([name, state]): [string, ChainState] =>
			name === old ? [next, state] : [name, state],
	);
	chain.name = next;
	chain.idPrefix = undefined;
	chain.moved = true;
	table.chains = new Map(entries);
	table.forget();
	for (const state of table.chains.values()) {
		for (const rule of state.rules) {
			if (rule.target?.name === old && rule.target.kind !== "extension")
				rule.target = changeTarget(rule.target, { name: next });
		}
	}
}
