/**
 * Sets the packet path fills (nft_dynset): `add @s { key }` inserts the key
 * unless present, `update @s { key }` inserts or refreshes it, both with
 * the set's timeout; statements inside the braces (`limit`, `quota`,
 * `counter`) run on the element's own state and may break the rule (a
 * meter). Elements live in the replay's shared state, so later packets and
 * lookups (`ip saddr @s`) see them.
 */
import type { NftStmt } from "../nft/model.js";
import type { NftDatatype } from "../nft/selectors.js";
import { evalKey, keyTypes, type NftScope } from "../nft-eval/eval-expr.js";
import type { PreparedTable } from "../nft-eval/nft-host.js";
import { keyText, type SetIndex } from "../nft-eval/set-index.js";
import { nftLimit, nftQuota } from "./nft-stateful.js";
import type { Run } from "./run.js";

const timeUnits: Readonly<Record<string, number>> = {
	d: 86400,
	h: 3600,
	m: 60,
	s: 1,
	ms: 0.001,
};

/** Seconds in an nft time (`5m`, `1h30m`, `300s`); undefined: no timeout. */
export function nftSeconds(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	let total = 0;
	for (const [, value, unit] of text.matchAll(/(\d+)(ms|d|h|m|s)/g))
		total += Number(value) * (timeUnits[unit ?? "s"] ?? 1);
	return total;
}

function elementKey(table: PreparedTable, set: string, key: string): string {
	return `nftelem|${table.table.family}|${table.table.name}|${set}|${key}`;
}

const liveIndexes = new WeakMap<Run, Map<SetIndex, SetIndex>>();

/**
 * A table's set as lookups see it: the loaded elements, then the ones the
 * packet path added that are still alive (only sets a rule updates can have any).
 */
export function liveSet(
	run: Run,
	table: PreparedTable,
	name: string,
	types: readonly NftDatatype[],
): SetIndex | undefined {
	const index = table.set(name, types);
	if (!index || !table.updatedSets.has(name)) return index;
	let live = liveIndexes.get(run);
	if (!live) {
		live = new Map();
		liveIndexes.set(run, live);
	}
	const known = live.get(index);
	if (known) return known;
	const wrapped: SetIndex = {
		size: index.size,
		lookup: (key) => {
			const found = index.lookup(key);
			if (found !== undefined) return found;
			const until = run.shared.get(elementKey(table, name, keyText(key)));
			return typeof until === "number" && until > run.time ? null : undefined;
		},
	};
	live.set(index, wrapped);
	return wrapped;
}

/** Runs `add`/`update @set`; false when the rule breaks (a per-element limit, no key). */
export function updateSet(
	run: Run,
	stmt: Extract<NftStmt, { kind: "set-update" }>,
	scope: NftScope,
	table: PreparedTable,
): boolean {
	const key = evalKey(scope, stmt.key);
	if (key === undefined) return false;
	const text = keyText(key);
	const stored = elementKey(table, stmt.set, text);
	const present = scope.set(stmt.set, keyTypes(stmt.key))?.lookup(key);
	if (stmt.op === "delete") {
		run.shared.set(stored, 0);
		return true;
	}
	const timeout = nftSeconds(table.sets.get(stmt.set)?.timeout);
	if (present === undefined || stmt.op === "update")
		run.shared.set(stored, run.time + (timeout ?? Number.POSITIVE_INFINITY));
	if (present === undefined)
		run.step({ kind: "note", text: `${text} added to @${stmt.set}` });
	for (const [i, inner] of stmt.stmts.entries()) {
		const scopeKey = `${stored}|${i}`;
		if (inner.kind === "limit" && !nftLimit(run, inner, scopeKey)) return false;
		if (inner.kind === "quota" && !nftQuota(run, inner, scopeKey)) return false;
	}
	return true;
}
