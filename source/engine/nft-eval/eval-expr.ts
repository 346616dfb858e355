/**
 * nft expressions at run time: what the left side of a match loads
 * (selectors, concatenations, bitwise operations, map lookups, numgen) and
 * the lookups in sets and maps (nft_lookup). How a match compares what
 * was loaded is compile-match.ts. A register that cannot be loaded breaks
 * the rule, whatever the operator.
 */

import { jhash, reciprocalScale } from "../conntrack/jhash.js";
import { datatypeOf } from "../nft/expr-type.js";
import type { NftExpr } from "../nft/model.js";
import type { NftDatatype } from "../nft/selectors.js";
import { constantValue, type NftValue } from "./datatypes.js";
import type { NftPacketView } from "./packet-view.js";
import { readSelector } from "./read-packet.js";
import { registerBytes } from "./register-bytes.js";
import {
	buildSetIndex,
	type NftKey,
	type NftSetLookup,
	type SetIndex,
} from "./set-index.js";

/** What evaluating a rule may consult besides the packet. */
export type NftScope = {
	readonly view: NftPacketView;
	/** The table's named set or map, indexed for keys of these types. */
	readonly set: (
		name: string,
		types: readonly NftDatatype[],
	) => SetIndex | undefined;
	/** A uniform draw in [0, 1) from the replay's seeded generator. */
	readonly random: () => number;
	/**
	 * `numgen inc mod N`: this expression's next value (nft_ng_inc_eval: 0,
	 * 1, ... N-1, 0, one step per packet that reaches it); kept across packets.
	 */
	readonly sequence?: (expr: NftExpr, mod: number) => number;
	/** Whether notes are kept (detail `full`): their text is not built otherwise. */
	readonly recording: boolean;
	readonly note: (text: string) => void;
	/** Hears each set or map lookup (for the trace); absent when nothing records. */
	readonly noteLookup?: ((lookup: NftSetLookup) => void) | undefined;
};

const anonymous = new WeakMap<NftExpr, Map<string, SetIndex>>();

/** The index of an anonymous set literal (built once per rule and key type). */
export function literalIndex(
	expr: NftExpr,
	types: readonly NftDatatype[],
): SetIndex {
	let byType = anonymous.get(expr);
	if (!byType) {
		byType = new Map();
		anonymous.set(expr, byType);
	}
	const typeKey = types.join(" . ");
	let index = byType.get(typeKey);
	if (!index) {
		const elements = expr.kind === "set" ? expr.elements : [expr];
		index = buildSetIndex(elements, types);
		byType.set(typeKey, index);
	}
	return index;
}

/** The datatypes of a key: one per concatenated part. */
export function keyTypes(expr: NftExpr): readonly NftDatatype[] {
	return expr.kind === "concat"
		? expr.parts.map(datatypeOf)
		: [datatypeOf(expr)];
}

function binop(op: string, a: number, b: number): number {
	switch (op) {
		case "&":
			return (a & b) >>> 0;
		case "|":
			return (a | b) >>> 0;
		case "^":
			return (a ^ b) >>> 0;
		case "<<":
			return (a << b) >>> 0;
		default:
			return a >>> b;
	}
}

/** Looks a key up in a set literal or a named set; undefined = no element. */
export function lookup(
	scope: NftScope,
	set: NftExpr,
	key: NftKey,
	types: readonly NftDatatype[],
): NftExpr | null | undefined {
	const found =
		set.kind === "setref"
			? scope.set(set.name, types)?.lookup(key)
			: literalIndex(set, types).lookup(key);
	scope.noteLookup?.({ set, key, types, hit: found !== undefined });
	return found;
}

/** The register(s) an expression loads; undefined breaks the rule. */
export function evalKey(scope: NftScope, expr: NftExpr): NftKey | undefined {
	switch (expr.kind) {
		case "concat": {
			const parts: NftValue[] = [];
			for (const part of expr.parts) {
				const v = evalKey(scope, part);
				if (v === undefined || typeof v === "object") return undefined;
				parts.push(v);
			}
			return parts;
		}
		case "binop": {
			const left = evalKey(scope, expr.left);
			const type = datatypeOf(expr.left);
			// `tcp flags & (syn | ack)`: a list of flags is their union.
			const right =
				expr.right.kind === "value"
					? constantValue(expr.right.value, type)
					: expr.right.kind === "list"
						? flagMask(expr.right.items, type)
						: undefined;
			if (typeof left !== "number" || typeof right !== "number")
				return undefined;
			return binop(expr.op, left, right);
		}
		case "numgen": {
			if (expr.mode === "inc" && scope.sequence)
				return scope.sequence(expr, expr.mod) + (expr.offset ?? 0);
			const draw = Math.floor(scope.random() * expr.mod);
			if (scope.recording)
				scope.note(
					`numgen ${expr.mode} mod ${expr.mod}: the kernel's choice, drawn here as ${draw}`,
				);
			return draw + (expr.offset ?? 0);
		}
		case "hash": {
			// A key that cannot be loaded breaks the rule, seed or not.
			if (expr.expr && evalKey(scope, expr.expr) === undefined)
				return undefined;
			const exact = seededJhash(scope, expr);
			if (exact !== undefined) return exact;
			const draw = Math.floor(scope.random() * expr.mod);
			if (scope.recording)
				scope.note(
					`${expr.hash} mod ${expr.mod}: depends on the kernel's hash, drawn here as ${draw}`,
				);
			return draw + (expr.offset ?? 0);
		}
		case "value":
			return typeof expr.value === "boolean" ? undefined : expr.value;
		default:
			return readSelector(scope.view, expr);
	}
}

/**
 * `jhash KEY mod N seed S [offset O]` as the kernel computes it; undefined
 * for symhash (the flow dissector's boot-time random key) and for a jhash
 * without a seed (the kernel drew one when the rule was added).
 */
function seededJhash(
	scope: NftScope,
	expr: Extract<NftExpr, { kind: "hash" }>,
): number | undefined {
	if (expr.hash !== "jhash" || expr.seed === undefined || !expr.expr)
		return undefined;
	const key = evalKey(scope, expr.expr);
	if (key === undefined) return undefined;
	const bytes = registerBytes(expr.expr, key);
	if (!bytes) return undefined;
	return (
		reciprocalScale(jhash(bytes, expr.seed), expr.mod) + (expr.offset ?? 0)
	);
}

/** The union of a list of flags (`syn | ack`, `established,related`). */
export function flagMask(items: readonly NftExpr[], type: NftDatatype): number {
	let mask = 0;
	for (const item of items)
		if (item.kind === "value") mask |= Number(constantValue(item.value, type));
	return mask >>> 0;
}

/** A present-or-not test (`fib ... oif missing`, `exists`). */
export function presence(key: NftKey | undefined): boolean {
	return key !== undefined && key !== "" && key !== 0;
}
