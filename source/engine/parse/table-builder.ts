/**
 * One table while its lines are read: chains and rules as iptables-restore
 * builds them between `*table` and `COMMIT`, with libiptc's refusals
 * (missing chain, chain exists, index too big, chain in use) as diagnostics.
 */

import {
	builtinChains,
	type Counters,
	type Family,
	type HookName,
	type Rule,
	type TableName,
} from "../model/ruleset.js";
import type { SourceText } from "./ascii-view.js";
import { type DiagnosticSink, fatal, report } from "./diagnostic-sink.js";
import { changeTarget } from "./lazy-calls.js";
import { formatRuleSpec } from "./print-ruleset.js";
import type { RuleCommand, RuleSpec } from "./rule-command.js";
import type { ChainKind } from "./rule-state.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type ChainState = {
	name: string;
	/** Its place among the table's chains as they were created. */
	readonly number: number;
	readonly builtin: boolean;
	policy: "ACCEPT" | "DROP" | undefined;
	counters: Counters | undefined;
	rules: Mutable<Rule>[];
	line: number;
	/** Created only because a rule named it (already diagnosed). */
	implied: boolean;
	/** `table/chain/`, the start of its rules' ids (set on first use). */
	idPrefix: string | undefined;
	/** Rules were inserted, replaced, deleted or renamed: renumber at COMMIT. */
	moved: boolean;
	/**
	 * Checked `-A` lines whose rules are built when the chain is first read:
	 * runs [from, to) of the table's kept lines (iptables-save writes a
	 * chain's rules together, so there is mostly one run, kept inline).
	 */
	keptFrom: number;
	keptTo: number;
	keptRuns: number[] | undefined;
	/** Rules the kept lines make (a `-s a,b` line makes two). */
	keptRules: number;
};

/** Where a table's kept `-A` lines are in the source text. */
export type KeptLines = {
	starts: Int32Array;
	ends: Int32Array;
	numbers: Int32Array;
	count: number;
};

/**
 * A chain with no rules yet. Every field is set here, so that all chains
 * share one shape (40,000 of them on a kube-proxy host, read per line).
 */
function newChain(
	name: string,
	builtin: boolean,
	line: number,
	implied: boolean,
	number: number,
): ChainState {
	return {
		name,
		number,
		builtin,
		policy: undefined,
		counters: undefined,
		rules: [],
		line,
		implied,
		idPrefix: undefined,
		moved: false,
		keptFrom: -1,
		keptTo: -1,
		keptRuns: undefined,
		keptRules: 0,
	};
}

export type TableState = {
	readonly name: TableName;
	readonly line: number;
	readonly family: Family;
	readonly sink: DiagnosticSink;
	chains: Map<string, ChainState>;
	/** Rules whose target named no chain yet when read (resolved at COMMIT). */
	unknownTargets?: number;
	readonly chainKind: (name: string) => ChainKind | undefined;
	/** The declared chain's own name string (one copy for every rule naming it). */
	readonly chainName: (name: string) => string | undefined;
	/**
	 * The chain's number (its place among the table's chains as created;
	 * -1: no such chain), looked up as a rule's own chain or as a target.
	 */
	readonly chainNumber: (name: string) => number;
	readonly targetNumber: (name: string) => number;
	/** The chain of that name (remembers the last hit: rules come in runs). */
	readonly chain: (name: string) => ChainState | undefined;
	/** Drops the last-lookup cache (a chain was deleted or renamed). */
	readonly forget: () => void;
	/**
	 * True while every rule line so far is an `-A` to a declared chain: such
	 * lines are checked when read and built when their chain is first read.
	 */
	deferring: boolean;
	/** False reads rule lines with the general parser only. */
	readonly fastLane: boolean;
	/** The text the table is read from (kept lines are offsets into it). */
	readonly source: SourceText;
	kept: KeptLines | undefined;
};

const noSource: SourceText = { text: "", bytes: new Uint8Array(0) };

/** Longest chain name iptables accepts (XT_EXTENSION_MAXNAMELEN - 1). */
export const maxChainName = 28;

export type TableOptions = {
	/** Build rules only when their chain is first read. @default true */
	readonly defer?: boolean;
	/** @default true */
	readonly fastLane?: boolean;
	/** The whole text being read. */
	readonly source?: SourceText;
};

/** Map lookups that remember the last hit (only found chains). */
function rememberLastHit(lookup: (name: string) => ChainState | undefined): {
	readonly find: (name: string) => ChainState | undefined;
	readonly forget: () => void;
} {
	let lastName: string | undefined;
	let lastState: ChainState | undefined;
	return {
		find: (name) => {
			if (name === lastName) return lastState;
			const state = lookup(name);
			if (state !== undefined) {
				lastName = name;
				lastState = state;
			}
			return state;
		},
		forget: () => {
			lastName = undefined;
			lastState = undefined;
		},
	};
}

export function createTable(
	name: TableName,
	line: number,
	family: Family,
	sink: DiagnosticSink,
	options: TableOptions = {},
): TableState {
	const chains = new Map<string, ChainState>();
	for (const hook of builtinChains[name]) {
		const chain = newChain(hook, true, 0, false, chains.size);
		chain.policy = "ACCEPT";
		chains.set(hook, chain);
	}
	// Rules come in runs for one chain: a remembered hit saves a lookup.
	// Targets and appended-to chains are remembered apart (more entries cost
	// more in string compares than they save). A rename replaces the map, so
	// lookups go through the table.
	const lookup = (chain: string) => table.chains.get(chain);
	const targets = rememberLastHit(lookup);
	const appended = rememberLastHit(lookup);
	const table: TableState = {
		name,
		line,
		family,
		sink,
		chains,
		chainKind: (chain) => {
			const state = targets.find(chain);
			return state === undefined
				? undefined
				: state.builtin
					? "builtin"
					: "user";
		},
		chainName: (chain) => targets.find(chain)?.name,
		chainNumber: (chain) => appended.find(chain)?.number ?? -1,
		targetNumber: (chain) => targets.find(chain)?.number ?? -1,
		chain: appended.find,
		forget: () => {
			targets.forget();
			appended.forget();
		},
		deferring: options.defer ?? true,
		fastLane: options.fastLane ?? true,
		source: options.source ?? noSource,
		kept: undefined,
	};
	return table;
}

export function isBuiltinName(table: TableName, chain: string): boolean {
	return (builtinChains[table] as readonly string[]).includes(chain);
}

function noAddressTest(address: Rule["header"]["source"]): boolean {
	if (!address) return true;
	if (address.invert) return false;
	return address.family === "ipv4"
		? address.mask === 0
		: (address.mask6 ?? []).every((byte) => byte === 0);
}

function isUnconditional(header: Rule["header"], matchCount: number): boolean {
	return (
		matchCount === 0 &&
		noAddressTest(header.source) &&
		noAddressTest(header.destination) &&
		!header.inInterface &&
		!header.outInterface &&
		!header.fragment &&
		(!header.protocol ||
			(header.protocol.number === 0 && !header.protocol.invert))
	);
}

/** The rules a spec stands for: one per source × destination address. */
function draftRules(
	table: TableState,
	chain: string,
	spec: RuleSpec,
	line: number,
	text: string,
): Mutable<Rule>[] {
	if (spec.sources.length <= 1 && spec.destinations.length <= 1) {
		return [draftRule(table, chain, spec, spec.header, line, text)];
	}
	const sources = spec.sources.length === 0 ? [undefined] : spec.sources;
	const destinations =
		spec.destinations.length === 0 ? [undefined] : spec.destinations;
	const rules: Mutable<Rule>[] = [];
	const { source: _s, destination: _d, ...rest } = spec.header;
	for (const source of sources) {
		for (const destination of destinations) {
			const header = {
				...rest,
				...(source ? { source } : {}),
				...(destination ? { destination } : {}),
			};
			rules.push(draftRule(table, chain, spec, header, line, text));
		}
	}
	return rules;
}

function draftRule(
	table: TableState,
	chain: string,
	spec: RuleSpec,
	header: Rule["header"],
	line: number,
	text: string,
): Mutable<Rule> {
	const unconditional = isUnconditional(header, spec.matches.length);
	const { matches, target, counters } = spec;
	const rule: Mutable<Rule> = {
		id: "",
		table: table.name,
		chain,
		index: 0,
		line,
		text,
		header,
		matches,
		unconditional,
	};
	if (target !== undefined) rule.target = target;
	if (counters !== undefined) rule.counters = counters;
	return rule;
}

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

/** Finds the chain a command names, creating it (diagnosed) when missing. */
function chainFor(
	table: TableState,
	command: RuleCommand,
	line: number,
	create: boolean,
): ChainState | undefined {
	const name = command.chain ?? "";
	const existing = table.chains.get(name);
	if (existing) return existing;
	fatal(
		table.sink,
		"undeclared-chain",
		`Chain '${name}' does not exist in table ${table.name} (declare it with :${name} - [0:0] before use)`,
		line,
		command.chainColumn,
		Math.max(1, name.length),
	);
	if (!create) return undefined;
	const state = newChain(name, false, 0, true, table.chains.size);
	table.chains.set(name, state);
	return state;
}

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

/** `:NAME -` or `-N NAME`. */
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

function deleteChains(
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

function renameChain(
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

export type { HookName };
