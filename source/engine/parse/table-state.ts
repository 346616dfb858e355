/**
 * One table's state while its lines are read: its chains (each with its
 * rules, or the lines they will be built from), the lookups rule lines make,
 * and how the table was asked to be read.
 */

import type { Mutable } from "../lib/mutable.js";
import {
	builtinChains,
	type Chain,
	type Counters,
	type Family,
	type Rule,
	type TableName,
} from "../model/ruleset.js";
import type { SourceText } from "./ascii-view.js";
import { type DiagnosticSink, fatal } from "./diagnostic-sink.js";
import type { RuleCommand } from "./rule-command.js";
import type { ChainKind } from "./rule-state.js";

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
	/** Its Chain in the committed table, once asked for. */
	committed: Chain | undefined;
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
export function newChain(
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
		committed: undefined,
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

/** Finds the chain a command names, creating it (diagnosed) when missing. */
export function chainFor(
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
