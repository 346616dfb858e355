/**
 * Rules and set elements kept unread through a batch (rules-later.ts,
 * elements-later.ts). Kept rules wait at the end of their chain while no
 * other command touches the chain's table; kept elements wait while nothing
 * changes what they are checked against (that set, the variables, the
 * chains there were: a chain added is remembered as not there yet). A
 * command that would change it reads them first, in batch order, so
 * whatever is read later is checked against the table as it stood when the
 * eager read would have checked it.
 */
import type { BatchLoader } from "./apply-commands.js";
import type { NftCommand } from "./commands.js";
import type { ElementsLater } from "./elements-later.js";
import { gatedDiagnostics } from "./gated-syntax.js";
import { newestNftRelease } from "./load-options.js";
import { type ChainState, type TableState, tableKey } from "./load-state.js";
import type { NftExpr, NftSet } from "./model.js";
import { evaluateRule } from "./rule-evaluate.js";
import type { RulesRead } from "./rules-later.js";

/**
 * Something kept: a chain's rules (a kube-proxy listing keeps 40,000, so
 * the entry is just the chain) or a set's elements, with how to read them
 * (reading twice does nothing).
 */
type Kept =
	| { readonly kind: "rules"; readonly chain: ChainState }
	| {
			readonly kind: "elements";
			readonly name: string;
			readonly read: () => void;
	  };

/** What each loader keeps, by table. */
const keptBy = new WeakMap<BatchLoader, Map<TableState, Kept[]>>();

function keep(loader: BatchLoader, table: TableState, kept: Kept): void {
	let tables = keptBy.get(loader);
	if (tables === undefined) {
		tables = new Map();
		keptBy.set(loader, tables);
	}
	const list = tables.get(table);
	if (list) list.push(kept);
	else tables.set(table, [kept]);
}

/** Reports what a reader found wrong, as the eager read would have. */
function reportRead(
	loader: BatchLoader,
	read: Pick<RulesRead, "diagnostics" | "gated">,
): void {
	for (const d of read.diagnostics) loader.reportDiagnostic(d);
	const { source = "-", release = newestNftRelease } = loader.options;
	for (const d of gatedDiagnostics(read.gated, source, release))
		loader.reportDiagnostic(d);
}

/** Reads a chain's kept rules: syntax reported, each rule checked and appended. */
export function readKeptRules(
	loader: BatchLoader,
	table: TableState,
	chain: ChainState,
): void {
	const kept = chain.later;
	if (kept === undefined) return;
	chain.later = undefined;
	const { family, name } = table.table;
	const context = loader.ruleContext({ family, table: name }, table);
	for (const later of kept) {
		const read = later.read();
		reportRead(loader, read);
		for (const rule of read.rules)
			chain.rules.push(evaluateRule(rule, context));
	}
}

/** Keeps a chain's rules for later, or reads them now when the chain is not there yet. */
export function keepRulesLater(
	loader: BatchLoader,
	command: Extract<NftCommand, { kind: "add-rules-later" }>,
): void {
	const table = loader.tables.get(tableKey(command.family, command.table));
	const chain = table?.chains.get(command.chain);
	if (table && chain) {
		if (chain.later) chain.later.push(command.later);
		else {
			chain.later = [command.later];
			keep(loader, table, { kind: "rules", chain });
		}
		return;
	}
	// Read now: each rule then meets the missing table or chain as it would.
	const read = command.later.read();
	reportRead(loader, read);
	for (const rule of read.rules)
		loader.apply({
			kind: "add-rule",
			family: command.family,
			table: command.table,
			chain: command.chain,
			chainOrigin: command.chainOrigin,
			rule,
			insert: false,
		});
}

/** Reads kept elements at once (a set declared again adds to the one there). */
export function readElementsNow(
	loader: BatchLoader,
	later: ElementsLater,
): readonly NftExpr[] {
	const found = later.read();
	reportRead(loader, found);
	return found.elements;
}

/**
 * Whether a chain was in the table when it had `size` chains: chains added
 * since do not count (`nft -j list ruleset` lists maps before the chains
 * their verdicts name, and nft refuses that). Chains are only appended
 * while something is kept: a removal reads what is kept first.
 */
function chainExistedAt(
	table: TableState,
	size: number,
): (name: string) => boolean {
	let existed: Set<string> | undefined;
	return (name) => {
		if (table.chains.size === size) return table.chains.has(name);
		if (existed === undefined) {
			existed = new Set();
			for (const chain of table.chains.keys()) {
				if (existed.size === size) break;
				existed.add(chain);
			}
		}
		return existed.has(name);
	};
}

/**
 * A new set whose elements are read when first asked for: then `admit`
 * checks and indexes them as `add-set` does (verdicts name chains that
 * existed when the set was added, one datum a key) and gives those the set
 * holds.
 */
export function keptElementsSet(
	loader: BatchLoader,
	command: Extract<NftCommand, { kind: "add-set" }>,
	table: TableState,
	later: ElementsLater,
	admit: (
		found: readonly NftExpr[],
		chainExists: (name: string) => boolean,
	) => NftExpr[],
): NftSet {
	const set: NftSet = { ...command.set };
	const chainsAtAdd = table.chains.size;
	let elements: readonly NftExpr[] | undefined;
	const read = () => {
		if (elements !== undefined) return elements;
		elements = [];
		const found = readElementsNow(loader, later);
		table.elementIndex.set(command.set.name, new Map());
		elements = admit(found, chainExistedAt(table, chainsAtAdd));
		return elements;
	};
	Object.defineProperty(set, "elements", { enumerable: true, get: read });
	keep(loader, table, { kind: "elements", name: command.set.name, read });
	return set;
}

/** The table a command touches; "all" when it may change every table's. */
function touched(command: NftCommand): string | "all" | undefined {
	switch (command.kind) {
		case "add-table":
			return tableKey(command.table.family, command.table.name);
		case "define":
		case "undefine":
			return "all";
		case "include":
		case "other":
			return undefined;
		case "flush":
		case "delete":
		case "destroy":
			return command.table === undefined || command.family === undefined
				? "all"
				: tableKey(command.family, command.table);
		default:
			return tableKey(command.family, command.table);
	}
}

/** Whether a command on the kept item's table may change how it reads. */
function changes(command: NftCommand, kept: Kept): boolean {
	if (kept.kind === "rules") return true;
	switch (command.kind) {
		case "add-set":
			return command.set.name === kept.name;
		case "add-element":
			return command.set === kept.name;
		case "add-chain":
		case "add-rule":
		case "add-object":
		case "add-flowtable":
			return false;
		default:
			return true;
	}
}

/** Reads what was kept that a command may change the meaning or order of, before it is applied. */
export function readKeptBefore(loader: BatchLoader, command: NftCommand): void {
	const tables = keptBy.get(loader);
	if (tables === undefined || tables.size === 0) return;
	const key = touched(command);
	if (key === undefined) return;
	const due: [TableState, Kept[]][] = [];
	for (const entry of tables) {
		const [table, list] = entry;
		if (!list.some((kept) => changes(command, kept))) continue;
		const { family, name } = table.table;
		if (key === "all" || tableKey(family, name) === key) due.push(entry);
	}
	for (const [table, list] of due) {
		const stays = list.filter((kept) => !changes(command, kept));
		for (const kept of list)
			if (kept.kind === "rules") readKeptRules(loader, table, kept.chain);
			else if (!stays.includes(kept)) kept.read();
		if (stays.length === 0) tables.delete(table);
		else tables.set(table, stays);
	}
}
