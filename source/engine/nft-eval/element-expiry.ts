/**
 * Elements a ruleset declares with a lifetime: `10.0.2.4 timeout 60s` in a
 * file, or `timeout 60s expires 59s` in a listing (the time left when it was
 * printed). The kernel
 * removes them when the time runs out; a replay counts that time from its
 * start (the first packet), which is as close to the listing as it knows.
 */
import type { NftExpr, NftSet } from "../nft/model.js";
import type { NftDatatype } from "../nft/selectors.js";
import { nftSeconds } from "./nft-time.js";
import { elementBound, keyText, type NftKey } from "./set-index.js";

const cache = new WeakMap<NftSet, Map<string, Map<string, number>>>();

/** Seconds an element lives after load; undefined: no lifetime. */
function lifetime(expr: NftExpr, set: NftSet): number | undefined {
	if (expr.kind === "mapping") return lifetime(expr.key, set);
	if (expr.kind === "elem")
		return nftSeconds(expr.expires ?? expr.timeout ?? set.timeout);
	// A listing prints `expires` for every element that times out.
	return undefined;
}

function keyOf(
	expr: NftExpr,
	types: readonly NftDatatype[],
): NftKey | undefined {
	if (expr.kind === "mapping") return keyOf(expr.key, types);
	if (expr.kind === "elem") return keyOf(expr.value, types);
	const parts = expr.kind === "concat" ? expr.parts : [expr];
	const values = [];
	for (const [i, part] of parts.entries()) {
		const bound = elementBound(part, types[i] ?? "");
		if (!bound || !("exact" in bound)) return undefined;
		values.push(bound.exact);
	}
	return values.length === 1 ? values[0] : values;
}

/** Seconds after load at which each exact element of the set goes, by key text. */
export function declaredExpiries(
	set: NftSet,
	types: readonly NftDatatype[],
): ReadonlyMap<string, number> {
	let byTypes = cache.get(set);
	if (!byTypes) {
		byTypes = new Map();
		cache.set(set, byTypes);
	}
	const typeKey = types.join(" . ");
	const known = byTypes.get(typeKey);
	if (known) return known;
	const expiries = new Map<string, number>();
	for (const element of set.elements) {
		const seconds = lifetime(element, set);
		const key = seconds === undefined ? undefined : keyOf(element, types);
		if (seconds !== undefined && key !== undefined)
			expiries.set(keyText(key), seconds);
	}
	byTypes.set(typeKey, expiries);
	return expiries;
}
