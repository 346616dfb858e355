/**
 * A set or map as the kernel looks it up: single values in a hash
 * (nft_set_hash), intervals and prefixes in a sorted array searched by
 * bisection (nft_set_rbtree, nft_set_pipapo for concatenations with ranges).
 * Keys are the runtime values of `datatypes.ts`, so `10.0.2.4` in a set of
 * `ipv4_addr` is found by the register `ip saddr` loads. A catch-all element
 * (`*`, NFT_SET_ELEM_CATCHALL) answers every key no other element holds.
 */
import { ipv6Bytes, ipv6TextOf } from "../net/ipv6-text.js";
import type { NftExpr } from "../nft/model.js";
import type { NftDatatype } from "../nft/selectors.js";
import { constantValue, type NftValue } from "./datatypes.js";

/** A register or a concatenation of registers. */
export type NftKey = NftValue | readonly NftValue[];

/**
 * One set or map lookup an nft rule made (nft_lookup, a map or verdict
 * map): the set (`@name` or an anonymous literal), the key the packet
 * loaded, and whether an element held it. The explorer marks that element.
 */
export type NftSetLookup = {
	/** A `setref` (named set or map) or the anonymous set literal itself. */
	readonly set: NftExpr;
	readonly key: NftKey;
	/** The key's datatypes, one per concatenated part. */
	readonly types: readonly NftDatatype[];
	readonly hit: boolean;
};

type Bound = readonly [low: NftValue, high: NftValue];

type Interval = {
	readonly bounds: readonly Bound[];
	readonly data: NftExpr | undefined;
};

export type SetIndex = {
	/** The data of the element matching `key` (`null` for sets), undefined when none. */
	readonly lookup: (key: NftKey) => NftExpr | null | undefined;
	readonly size: number;
};

export function keyText(key: NftKey): string {
	return typeof key === "object" ? key.join("\u0001") : String(key);
}

function before(a: NftValue, b: NftValue): boolean {
	return a < b;
}

/** The lowest and highest address of a prefix. */
function prefixBounds(addr: NftValue, len: number): Bound | undefined {
	if (typeof addr === "number") {
		const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
		return [(addr & mask) >>> 0, (addr | ~mask) >>> 0];
	}
	const bytes = ipv6Bytes(addr);
	const low = new Uint8Array(16);
	const high = new Uint8Array(16);
	for (let i = 0; i < 16; i++) {
		const bits = Math.max(0, Math.min(8, len - i * 8));
		const mask = (0xff << (8 - bits)) & 0xff;
		low[i] = (bytes[i] ?? 0) & mask;
		high[i] = ((bytes[i] ?? 0) & mask) | (~mask & 0xff);
	}
	return [ipv6TextOf(low), ipv6TextOf(high)];
}

/** One component of an element: an exact value or bounds; undefined if unreadable. */
export function elementBound(
	expr: NftExpr,
	type: NftDatatype,
): { readonly exact: NftValue } | { readonly bound: Bound } | undefined {
	if (expr.kind === "value") {
		const value = constantValue(expr.value, type);
		if (value === undefined) return undefined;
		// An interface name ending in `*` matches every name it starts.
		if (typeof value === "string" && value.endsWith("*") && type === "ifname")
			return { bound: [value.slice(0, -1), `${value.slice(0, -1)}\uffff`] };
		return { exact: value };
	}
	if (expr.kind === "prefix" && expr.addr.kind === "value") {
		const addr = constantValue(expr.addr.value, type);
		const bound = addr === undefined ? undefined : prefixBounds(addr, expr.len);
		return bound && { bound };
	}
	if (
		expr.kind === "range" &&
		expr.from.kind === "value" &&
		expr.to.kind === "value"
	) {
		const low = constantValue(expr.from.value, type);
		const high = constantValue(expr.to.value, type);
		if (low === undefined || high === undefined) return undefined;
		return { bound: [low, high] };
	}
	return undefined;
}

/** The key of a set element or map mapping, without its options or data. */
function elementKey(expr: NftExpr): NftExpr {
	if (expr.kind === "elem") return elementKey(expr.value);
	if (expr.kind === "mapping") return elementKey(expr.key);
	return expr;
}

/** A map element's data; undefined for a set element. */
function elementData(expr: NftExpr): NftExpr | undefined {
	if (expr.kind === "elem") return elementData(expr.value);
	return expr.kind === "mapping" ? expr.data : undefined;
}

/** The hash key of an exact element: the value itself, or its parts joined. */
function exactKey(key: NftKey): NftValue {
	return typeof key === "object" ? keyText(key) : key;
}

function within(bounds: readonly Bound[], key: readonly NftValue[]): boolean {
	for (let i = 0; i < bounds.length; i++) {
		const [low, high] = bounds[i] as Bound;
		const v = key[i] as NftValue;
		if (typeof v !== typeof low || before(v, low) || before(high, v))
			return false;
	}
	return true;
}

/** Builds the index of a set's elements for keys of `types` (one per concatenated part). */
export function buildSetIndex(
	elements: readonly NftExpr[],
	types: readonly NftDatatype[],
): SetIndex {
	const exact = new Map<NftValue, NftExpr | null>();
	const intervals: Interval[] = [];
	let catchAll: NftExpr | null | undefined;
	for (const element of elements) {
		const key = elementKey(element);
		const data = elementData(element);
		if (key.kind === "value" && key.value === "*") {
			catchAll = data ?? null;
			continue;
		}
		// A single value: no arrays (most sets, and every anonymous one).
		if (key.kind !== "concat") {
			const read = elementBound(key, types[0] ?? "");
			if (!read) continue;
			if ("exact" in read) exact.set(read.exact, data ?? null);
			else intervals.push({ bounds: [read.bound], data });
			continue;
		}
		const read = key.parts.map((part, i) => elementBound(part, types[i] ?? ""));
		if (read.some((r) => r === undefined)) continue;
		const exactParts = read.map((r) =>
			r && "exact" in r ? r.exact : undefined,
		);
		if (exactParts.every((v) => v !== undefined)) {
			exact.set(keyText(exactParts as NftValue[]), data ?? null);
			continue;
		}
		intervals.push({
			bounds: read.map((r) =>
				r && "exact" in r ? ([r.exact, r.exact] as const) : (r?.bound as Bound),
			),
			data,
		});
	}
	// Single-part intervals sorted by their low end, searched by bisection.
	const single = types.length === 1;
	if (single)
		intervals.sort((a, b) => {
			const x = a.bounds[0]?.[0] as NftValue;
			const y = b.bounds[0]?.[0] as NftValue;
			return x < y ? -1 : x > y ? 1 : 0;
		});
	const search = (key: NftKey): NftExpr | null | undefined => {
		const parts = typeof key === "object" ? key : [key];
		if (!single) {
			for (const interval of intervals)
				if (within(interval.bounds, parts)) return interval.data ?? null;
			return undefined;
		}
		const v = parts[0] as NftValue;
		let lo = 0;
		let hi = intervals.length - 1;
		let found = -1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const low = intervals[mid]?.bounds[0]?.[0] as NftValue;
			if (typeof low !== typeof v || before(v, low)) hi = mid - 1;
			else {
				found = mid;
				lo = mid + 1;
			}
		}
		// The kernel refuses overlapping intervals: only the nearest can hold v.
		const interval = intervals[found];
		return interval && within(interval.bounds, parts)
			? (interval.data ?? null)
			: undefined;
	};
	return {
		size: exact.size + intervals.length + (catchAll === undefined ? 0 : 1),
		lookup: (key) => {
			const hit = exact.get(exactKey(key));
			if (hit !== undefined) return hit;
			const found = intervals.length === 0 ? undefined : search(key);
			return found === undefined ? catchAll : found;
		},
	};
}

/**
 * The positions of the elements that hold `key` (a lookup's match, for the
 * explorer to mark): each element indexed alone, so overlapping intervals
 * the kernel would refuse still show every candidate.
 */
export function elementsHolding(
	elements: readonly NftExpr[],
	key: NftKey,
	types: readonly NftDatatype[],
): number[] {
	const found: number[] = [];
	elements.forEach((element, index) => {
		if (buildSetIndex([element], types).lookup(key) !== undefined)
			found.push(index);
	});
	return found;
}
