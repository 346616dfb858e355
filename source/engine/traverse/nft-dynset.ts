/**
 * Sets the packet path fills (nft_dynset.c): `add @s { key }` and
 * `update @s { key ... }` insert the key when it is not there (a full set
 * breaks the rule), `update` restarts the element's timeout, and the
 * element's own statements (a per-element `limit`, `quota`, `counter`:
 * `update @flood { ip saddr limit rate over 1/minute }`) run on the
 * element's state, so each key has its own bucket; `delete` removes the
 * key. The elements live in the replay's rule state per table and set, and
 * expire after the element's or the set's timeout, as the kernel's do.
 * Lookups (`ip saddr @seen`) see them beside the declared elements.
 */
import type { NftSet, NftStmt } from "../nft/model.js";
import { evalKey, type NftScope } from "../nft-eval/eval-expr.js";
import { keyText, type NftKey } from "../nft-eval/set-index.js";
import { nftLimit, nftQuota } from "./nft-stateful.js";
import type { StatementEnd } from "./nft-statements.js";
import type { Run } from "./run.js";
import type { NftPlace } from "./trace-types.js";

/** One element added by the packet path: when, and until when (seconds). */
type DynamicElement = { readonly added: number; readonly expires?: number };
type DynamicElements = ReadonlyMap<string, DynamicElement>;

const timeUnits: Readonly<Record<string, number>> = {
	d: 86400,
	h: 3600,
	m: 60,
	s: 1,
	ms: 0.001,
};

/** nft's time notation (`300s`, `5m`, `1h30m`, `250ms`) in seconds; undefined if none. */
export function nftSeconds(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	let total = 0;
	let any = false;
	for (const [, amount, unit] of text.matchAll(/(\d+)(ms|d|h|m|s)/g)) {
		total += Number(amount) * (timeUnits[unit ?? "s"] ?? 1);
		any = true;
	}
	if (!any && /^\d+$/.test(text)) return Number(text);
	return any ? total : undefined;
}

function storeKey(place: NftPlace, set: string): string {
	return `nftset|${place.family}|${place.table}|${set}`;
}

function elementsOf(run: Run, place: NftPlace, set: string): DynamicElements {
	return (
		run.scopedState(storeKey(place, set)).get<DynamicElements>("elements") ??
		new Map()
	);
}

function live(element: DynamicElement | undefined, now: number): boolean {
	return (
		element !== undefined &&
		(element.expires === undefined || element.expires > now)
	);
}

/** Whether the packet path has put `key` into the set (and it has not expired). */
export function dynamicMember(
	run: Run,
	place: NftPlace,
	set: string,
	key: NftKey,
): boolean {
	return live(elementsOf(run, place, set).get(keyText(key)), run.time);
}

/** Runs a per-element statement on that element's own state. */
function elementStatement(
	run: Run,
	stmt: NftStmt,
	scope: string,
): StatementEnd {
	switch (stmt.kind) {
		case "limit":
			return nftLimit(run, stmt, scope)
				? undefined
				: { kind: "break", failed: "over the element's limit" };
		case "quota":
			return nftQuota(run, stmt, scope)
				? undefined
				: { kind: "break", failed: "the element's quota" };
		default:
			return undefined;
	}
}

/** `add`, `update` or `delete @set { key ... }`. */
export function runSetUpdate(
	run: Run,
	stmt: Extract<NftStmt, { kind: "set-update" }>,
	scope: NftScope,
	place: NftPlace,
	declaration: NftSet | undefined,
): StatementEnd {
	const key = evalKey(scope, stmt.key);
	if (key === undefined)
		return { kind: "break", failed: "the key could not be loaded" };
	const store = run.scopedState(storeKey(place, stmt.set));
	const elements = new Map(elementsOf(run, place, stmt.set));
	const text = keyText(key);
	const now = run.time;
	if (stmt.op === "delete") {
		elements.delete(text);
		store.set<DynamicElements>("elements", elements);
		return undefined;
	}
	const timeout = nftSeconds(declaration?.timeout);
	let element = elements.get(text);
	if (!live(element, now)) {
		const count = [...elements.values()].filter((e) => live(e, now)).length;
		if (declaration?.size !== undefined && count >= declaration.size)
			return { kind: "break", failed: `set ${stmt.set} is full` };
		element = {
			added: now,
			...(timeout === undefined ? {} : { expires: now + timeout }),
		};
		run.step({ kind: "note", text: `a new element in @${stmt.set}` });
	} else if (stmt.op === "update" && timeout !== undefined && element)
		element = { ...element, expires: now + timeout };
	if (element) elements.set(text, element);
	store.set<DynamicElements>("elements", elements);
	// A new element starts with fresh statements: its state is keyed by when it was added.
	const elementScope = `${storeKey(place, stmt.set)}|${text}|${element?.added ?? now}`;
	for (const [i, inner] of stmt.stmts.entries()) {
		const end = elementStatement(run, inner, `${elementScope}#${i}`);
		if (end) return end;
	}
	return undefined;
}
