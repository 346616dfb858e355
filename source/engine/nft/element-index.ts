/**
 * The kernel's rule for adding set and map elements: a map may not get a key
 * it already has with other data (EEXIST, "File exists", at the element); a
 * set or map element added again with the same data changes nothing.
 */
import type { NftExpr } from "./model.js";

/** An expression's identity, wherever it was written. */
export function exprKey(expr: NftExpr): string {
	return JSON.stringify(expr, (key, value) =>
		key === "origin" ? undefined : value,
	);
}

function keyAndData(element: NftExpr): [string, string] {
	const entry = element.kind === "mapping" ? element : undefined;
	const key = entry ? entry.key : element;
	const value = key.kind === "elem" ? key.value : key;
	return [exprKey(value), entry ? exprKey(entry.data) : ""];
}

/** The index of elements already in a set. */
export function indexElements(
	elements: readonly NftExpr[],
): Map<string, string> {
	const index = new Map<string, string>();
	for (const element of elements) {
		const [key, data] = keyAndData(element);
		index.set(key, data);
	}
	return index;
}

/** Adds an element to the index: new, already there, or a key with other data. */
export function addToIndex(
	index: Map<string, string>,
	element: NftExpr,
): "new" | "same" | "conflict" {
	const [key, data] = keyAndData(element);
	const known = index.get(key);
	if (known !== undefined) return known === data ? "same" : "conflict";
	index.set(key, data);
	return "new";
}
