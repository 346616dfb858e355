/**
 * nft matches made ready to run once per rule, as nft's own evaluator does
 * before the kernel sees the rule: the datatypes of the left side, the
 * constant on the right read into a register value, the flag mask, the
 * index of an anonymous set. Replaying thousands of packets then runs
 * closures that only load and compare (nft_cmp, nft_lookup, nft_range), not
 * re-read the rule's text values per packet.
 */
import type { NftExpr, NftOp, NftStmt } from "../nft/model.js";
import type { NftDatatype } from "../nft/selectors.js";
import { constantValue, type NftValue } from "./datatypes.js";
import {
	evalKey,
	flagMask,
	keyTypes,
	literalIndex,
	type NftScope,
	presence,
} from "./eval-expr.js";
import type { NftKey } from "./set-index.js";

/** Loads the register(s) of a left side; undefined breaks the rule. */
export type KeyLoader = (scope: NftScope) => NftKey | undefined;

/** Finds a key's element in a set or map: its data, `null` for a set, undefined when none. */
export type ElementFinder = (
	scope: NftScope,
	key: NftKey,
) => NftExpr | null | undefined;

/** One match statement, compiled: true when the packet matches. */
export type MatchTest = (scope: NftScope) => boolean;

/** The loader of an expression; concatenations load each part in turn. */
export function compileKey(expr: NftExpr): KeyLoader {
	if (expr.kind === "concat") {
		const parts = expr.parts.map(compileKey);
		return (scope) => {
			const key: NftValue[] = [];
			for (const load of parts) {
				const v = load(scope);
				if (v === undefined || typeof v === "object") return undefined;
				key.push(v);
			}
			return key;
		};
	}
	if (expr.kind === "value") {
		const value = typeof expr.value === "boolean" ? undefined : expr.value;
		return () => value;
	}
	return (scope) => evalKey(scope, expr);
}

/** The element finder of a set literal or `@name`, for keys of `types`. */
export function compileLookup(
	set: NftExpr,
	types: readonly NftDatatype[],
): ElementFinder {
	if (set.kind === "setref") {
		const { name } = set;
		return (scope, key) => {
			const found = scope.set(name, types)?.lookup(key);
			scope.noteLookup?.({ set, key, types, hit: found !== undefined });
			return found;
		};
	}
	// Built on the first packet that reaches the rule, then kept.
	let index: ReturnType<typeof literalIndex> | undefined;
	return (scope, key) => {
		index ??= literalIndex(set, types);
		const found = index.lookup(key);
		scope.noteLookup?.({ set, key, types, hit: found !== undefined });
		return found;
	};
}

const never: MatchTest = () => false;

/** nft_cmp's comparison of a loaded register with a constant. */
function comparison(op: NftOp, value: NftValue): (key: NftValue) => boolean {
	switch (op) {
		case "==":
			return (key) => key === value;
		case "!=":
			return (key) => key !== value;
		case "<":
			return (key) => key < value;
		case ">":
			return (key) => key > value;
		case "<=":
			return (key) => key <= value;
		case ">=":
			return (key) => key >= value;
		case "in":
			return typeof value === "number"
				? (key) => (typeof key === "number" ? (key & value) !== 0 : false)
				: (key) => key === value;
		case "!":
			return typeof value === "number"
				? (key) => (typeof key === "number" ? (key & value) === 0 : false)
				: (key) => key !== value;
	}
}

/**
 * The constant a flag expression stands for: a value, a comma list of
 * flags or `a | b`, each the union of its flags (nft folds them into one
 * value before the kernel sees the rule); undefined for anything else.
 */
function flagConstant(expr: NftExpr, type: NftDatatype): number | undefined {
	switch (expr.kind) {
		case "value": {
			const value = constantValue(expr.value, type);
			return typeof value === "number" ? value : undefined;
		}
		case "list":
			return flagMask(expr.items, type);
		case "binop": {
			if (expr.op !== "|") return undefined;
			const left = flagConstant(expr.left, type);
			const right = flagConstant(expr.right, type);
			return left === undefined || right === undefined
				? undefined
				: (left | right) >>> 0;
		}
		default:
			return undefined;
	}
}

/** `iifname "veth*"`: the name starts with what precedes the star. */
function wildcard(value: NftValue, type: NftDatatype): string | undefined {
	return typeof value === "string" && value.endsWith("*") && type === "ifname"
		? value.slice(0, -1)
		: undefined;
}

function compileValueTest(
	load: KeyLoader,
	op: NftOp,
	right: NftValue | undefined,
	type: NftDatatype,
): MatchTest {
	if (right === undefined) return never;
	const prefix = wildcard(right, type);
	if (prefix !== undefined) {
		const negate = op === "!=";
		return (scope) => {
			const key = load(scope);
			if (key === undefined || typeof key === "object") return false;
			return String(key).startsWith(prefix) !== negate;
		};
	}
	const test = comparison(op, right);
	return (scope) => {
		const key = load(scope);
		return key !== undefined && typeof key !== "object" && test(key);
	};
}

/** nft_cmp / nft_range / nft_lookup for one match statement, compiled. */
export function compileMatch(
	stmt: Extract<NftStmt, { kind: "match" }>,
): MatchTest {
	const { left, right, op } = stmt;
	const load = compileKey(left);
	if (right.kind === "value" && typeof right.value === "boolean") {
		const want = right.value;
		return (scope) => presence(load(scope)) === want;
	}
	const types = keyTypes(left);
	const type = types[0] ?? "";
	const negate = op === "!=";
	switch (right.kind) {
		case "setref":
		case "set":
		case "concat":
		case "prefix":
		case "range": {
			const find = compileLookup(right, types);
			return (scope) => {
				const key = load(scope);
				if (key === undefined) return false;
				return (find(scope, key) !== undefined) !== negate;
			};
		}
		// As nft 1.0.6 lists the kernel's bytecode: an implicit flag test
		// (`in`, `!`) is nft_bitwise then nft_cmp against zero, while `==` and
		// `!=` compare the whole register with the union (`tcp flags & (syn |
		// ack) == syn | ack`, `ct state != new | untracked`).
		case "list":
		case "binop": {
			const mask = flagConstant(right, type);
			if (mask === undefined) return never;
			return compileValueTest(load, op, mask, type);
		}
		case "value":
			return compileValueTest(load, op, constantValue(right.value, type), type);
		default:
			return never;
	}
}

const compiled = new WeakMap<Extract<NftStmt, { kind: "match" }>, MatchTest>();

/** Runs a match statement, compiling it the first time it is run. */
export function matchStatement(
	scope: NftScope,
	stmt: Extract<NftStmt, { kind: "match" }>,
): boolean {
	let test = compiled.get(stmt);
	if (!test) {
		test = compileMatch(stmt);
		compiled.set(stmt, test);
	}
	return test(scope);
}
