/**
 * Sets the packet path fills (nft_dynset): `add @s { key }` inserts the key
 * unless present, `update @s { key }` inserts or refreshes it, both with
 * the set's timeout; statements inside the braces (`limit`, `quota`,
 * `counter`) run on the element's own state and may break the rule (a
 * meter). An element may carry its own timeout (`{ ip saddr timeout 30s }`)
 * and, in a map, data (`{ ip saddr : 0x5 }`), set when the element is
 * created and returned by later lookups.
 * Elements live in the replay's shared state, so later packets and lookups
 * (`ip saddr @s`, `ip saddr map @m`) see them.
 */
import type { NftExpr, NftStmt } from "../nft/model.js";
import type { NftDatatype } from "../nft/selectors.js";
import { declaredExpiries } from "../nft-eval/element-expiry.js";
import { evalKey, keyTypes, type NftScope } from "../nft-eval/eval-expr.js";
import type { PreparedTable } from "../nft-eval/nft-host.js";
import { nftSeconds } from "../nft-eval/nft-time.js";
import { keyText, type SetIndex } from "../nft-eval/set-index.js";
import { nftLimit, nftQuota } from "./nft-stateful.js";
import type { Run } from "./run.js";

const replayStartKey = "nftclock|start";

/**
 * The time the replay's first nft lookup ran at, which stands for the moment
 * the ruleset was listed (declared elements' lifetimes count from there).
 */
function replayStart(run: Run): number {
	const known = run.shared.get(replayStartKey);
	if (typeof known === "number") return known;
	run.shared.set(replayStartKey, run.time);
	return run.time;
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
	if (!index) return undefined;
	const declared = table.sets.get(name);
	const expiries = declared && declaredExpiries(declared, types);
	// Only sets a rule updates, or with elements that time out, change over the run.
	if (!table.updatedSets.has(name) && !expiries?.size) return index;
	let live = liveIndexes.get(run);
	if (!live) {
		live = new Map();
		liveIndexes.set(run, live);
	}
	const known = live.get(index);
	if (known) return known;
	const start = replayStart(run);
	const wrapped: SetIndex = {
		size: index.size,
		lookup: (key) => {
			const found = index.lookup(key);
			const lifetime = expiries?.get(keyText(key));
			const gone = lifetime !== undefined && start + lifetime <= run.time;
			if (found !== undefined && !gone) return found;
			const stored = elementKey(table, name, keyText(key));
			const until = run.shared.get(stored);
			if (typeof until !== "number" || until <= run.time) return undefined;
			const data = run.shared.get(`${stored}|data`);
			return data === undefined ? null : (data as NftExpr);
		},
	};
	live.set(index, wrapped);
	return wrapped;
}

/** A map element's data as a constant (a verdict stays a verdict); undefined: not loaded. */
function dataOf(scope: NftScope, data: NftExpr): NftExpr | undefined {
	if (data.kind === "verdict" || data.kind === "value") return data;
	const value = evalKey(scope, data);
	return value === undefined || typeof value === "object"
		? undefined
		: { kind: "value", value };
}

/** Runs `add`/`update @set`; false when the rule breaks (a per-element limit, no key). */
export function updateSet(
	run: Run,
	stmt: Extract<NftStmt, { kind: "set-update" }>,
	scope: NftScope,
	table: PreparedTable,
): boolean {
	// nft_dynset: the element's own timeout, else the set's.
	const own = stmt.key.kind === "elem" ? stmt.key : undefined;
	const keyExpr = own ? own.value : stmt.key;
	const key = evalKey(scope, keyExpr);
	if (key === undefined) return false;
	const data = stmt.data ? dataOf(scope, stmt.data) : undefined;
	if (data === undefined && stmt.data) return false;
	const text = keyText(key);
	const stored = elementKey(table, stmt.set, text);
	const present = scope.set(stmt.set, keyTypes(keyExpr))?.lookup(key);
	if (stmt.op === "delete") {
		run.shared.set(stored, 0);
		return true;
	}
	const timeout = nftSeconds(own?.timeout ?? table.sets.get(stmt.set)?.timeout);
	if (present === undefined || stmt.op === "update")
		run.shared.set(stored, run.time + (timeout ?? Number.POSITIVE_INFINITY));
	// nft_dynset: a new element takes the data; an update of one that is
	// there refreshes its timeout only (recorded: update { k : 0x43 } left 0x42).
	if (present === undefined && data) run.shared.set(`${stored}|data`, data);
	if (present === undefined)
		run.step({ kind: "note", text: `${text} added to @${stmt.set}` });
	for (const [i, inner] of stmt.stmts.entries()) {
		const scopeKey = `${stored}|${i}`;
		if (inner.kind === "limit" && !nftLimit(run, inner, scopeKey)) return false;
		if (inner.kind === "quota" && !nftQuota(run, inner, scopeKey)) return false;
	}
	return true;
}
