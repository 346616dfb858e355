/**
 * `flush`, `delete` and `destroy` in a batch: `flush ruleset` empties the
 * ruleset (of one family when given), `flush table|chain` removes rules,
 * `flush set|map` removes elements, `delete` removes the object and fails
 * when it does not exist, `destroy` does not fail.
 */
import type { BatchLoader } from "./apply-commands.js";
import type { NftCommand } from "./commands.js";
import { type TableState, tableKey } from "./load-state.js";

type Removal = Extract<NftCommand, { kind: "flush" | "delete" | "destroy" }>;

function missing(loader: BatchLoader, command: Removal, what: string): void {
	if (command.kind === "destroy") return;
	loader.fatal(
		command.origin,
		"not-found",
		`Could not process rule: No such file or directory (${what} does not exist)`,
	);
}

function flushRuleset(loader: BatchLoader, command: Removal): void {
	for (const [key, state] of loader.tables)
		if (command.family === undefined || state.table.family === command.family)
			loader.tables.delete(key);
}

/** An element's identity: its value, wherever it was written. */
function elementKey(element: unknown): string {
	return JSON.stringify(element, (key, value) =>
		key === "origin" ? undefined : value,
	);
}

function removeFromSet(
	loader: BatchLoader,
	command: Removal,
	state: TableState,
	name: string,
): void {
	const set = state.sets.get(name);
	state.elementIndex.delete(name);
	if (!set) {
		missing(loader, command, `set '${name}'`);
		return;
	}
	if (command.kind === "flush") state.sets.set(name, { ...set, elements: [] });
	else if (command.what === "element") {
		const gone = new Set((command.elements ?? []).map(elementKey));
		state.sets.set(name, {
			...set,
			elements: set.elements.filter((e) => !gone.has(elementKey(e))),
		});
	} else state.sets.delete(name);
}

function removeFromChain(
	loader: BatchLoader,
	command: Removal,
	state: TableState,
	name: string,
): void {
	const chain = state.chains.get(name);
	if (!chain) {
		missing(loader, command, `chain '${name}'`);
		return;
	}
	if (command.what === "chain") {
		if (command.kind === "flush") chain.rules.length = 0;
		else state.chains.delete(name);
	} else if (chain.rules.every((rule) => rule.handle !== command.handle))
		missing(loader, command, `rule handle ${command.handle}`);
	else
		chain.rules = chain.rules.filter((rule) => rule.handle !== command.handle);
}

function inTable(
	loader: BatchLoader,
	command: Removal,
	state: TableState,
): void {
	const name = command.name ?? "";
	if (command.what === "chain" || command.what === "rule") {
		removeFromChain(loader, command, state, name);
		return;
	}
	if (["set", "map", "element"].includes(command.what)) {
		removeFromSet(loader, command, state, name);
		return;
	}
	if (command.what === "flowtable") {
		if (!state.flowtables.delete(name))
			missing(loader, command, `flowtable '${name}'`);
		return;
	}
	const removed = [...state.objects.keys()].filter((key) =>
		key.endsWith(` ${name}`),
	);
	if (removed.length === 0)
		missing(loader, command, `${command.what} '${name}'`);
	for (const key of removed) state.objects.delete(key);
}

export function applyRemoval(loader: BatchLoader, command: Removal): void {
	if (command.what === "ruleset") {
		flushRuleset(loader, command);
		return;
	}
	const key = tableKey(command.family ?? "ip", command.table ?? "");
	const state = loader.tables.get(key);
	if (!state) {
		missing(loader, command, `table ${key}`);
		return;
	}
	if (command.what !== "table") {
		inTable(loader, command, state);
		return;
	}
	if (command.kind === "flush")
		for (const chain of state.chains.values()) chain.rules.length = 0;
	else loader.tables.delete(key);
}
