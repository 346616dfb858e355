/**
 * Which element of a set or map the packet matched: the lookups the trace
 * recorded for nft rules (nft_lookup, maps, verdict maps) up to the cursor,
 * tested against each element. The set view marks those rows; the Rules
 * pane's detail line names the element an anonymous set held.
 */
import {
	type NftExpr,
	type NftSet,
	type NftSetLookup,
	nftElementsHolding,
	printNftExpr,
	type Step,
} from "../../engine/index.js";
import { nftTableId } from "./nft-listing.js";

/** The packet's lookups in a named set of a table (`inet filter`), up to the cursor. */
export function lookupsOfSet(
	steps: readonly Step[],
	cursor: number,
	table: string,
	name: string,
): readonly NftSetLookup[] {
	const found: NftSetLookup[] = [];
	const last = Math.min(cursor, steps.length - 1);
	for (let index = 0; index <= last; index++) {
		const step = steps[index] as Step;
		if (step.kind !== "nft-rule" || step.lookups === undefined) continue;
		if (nftTableId(step.family as "ip", step.table) !== table) continue;
		for (const lookup of step.lookups) {
			if (lookup.set.kind === "setref" && lookup.set.name === name)
				found.push(lookup);
		}
	}
	return found;
}

export type SetHits = {
	/** Positions of the elements the packet matched. */
	readonly rows: ReadonlySet<number>;
	/** Lookups made (0: the packet has not looked this set up by this step). */
	readonly lookups: number;
};

const memo = new WeakMap<readonly Step[], Map<string, SetHits>>();

/** The elements of `set` the packet's lookups up to the cursor matched (kept per trace and cursor). */
export function setHits(
	steps: readonly Step[],
	cursor: number,
	table: string,
	set: NftSet,
): SetHits {
	let byKey = memo.get(steps);
	if (!byKey) {
		byKey = new Map();
		memo.set(steps, byKey);
	}
	const key = `${cursor} ${table} ${set.name}`;
	const known = byKey.get(key);
	if (known) return known;
	const lookups = lookupsOfSet(steps, cursor, table, set.name);
	const rows = new Set<number>();
	for (const lookup of lookups) {
		if (!lookup.hit) continue;
		for (const row of nftElementsHolding(
			set.elements,
			lookup.key,
			lookup.types,
		))
			rows.add(row);
	}
	const hits = { rows, lookups: lookups.length };
	byKey.set(key, hits);
	return hits;
}

/** The elements of an anonymous set literal (a lone value is a one-element set). */
function literalElements(set: NftExpr): readonly NftExpr[] {
	return set.kind === "set" ? set.elements : [set];
}

/** An element's key: without a map's data, or an element's timeout and comment. */
function elementKey(element: NftExpr): NftExpr {
	if (element.kind === "elem") return elementKey(element.value);
	return element.kind === "mapping" ? elementKey(element.key) : element;
}

/**
 * What one lookup came to, in nft's words: `@docker-ports holds 8080`,
 * `the anonymous set holds 80`, `@allowed has no element for this packet`.
 */
export function lookupText(
	lookup: NftSetLookup,
	findSet: (name: string) => NftSet | undefined,
): string {
	const named = lookup.set.kind === "setref" ? lookup.set.name : undefined;
	const label =
		named !== undefined
			? `@${named}`
			: literalElements(lookup.set).some(
						(e) =>
							e.kind === "mapping" ||
							(e.kind === "elem" && e.value.kind === "mapping"),
					)
				? "the anonymous map"
				: "the anonymous set";
	if (!lookup.hit) return `${label} has no element for this packet`;
	const set = named === undefined ? undefined : findSet(named);
	const elements = set ? set.elements : literalElements(lookup.set);
	const [first] = nftElementsHolding(elements, lookup.key, lookup.types);
	const element = first === undefined ? undefined : elements[first];
	if (element === undefined) return `${label} holds the packet's key`;
	// The key alone: a map's data is the rule's verdict or value, said already.
	const printed = printNftExpr(
		elementKey(element),
		set ? set.keyType : lookup.types.join(" . "),
	);
	return `${label} holds ${printed}`;
}
