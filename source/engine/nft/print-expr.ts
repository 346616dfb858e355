/**
 * nft expressions back to text as `nft list ruleset` prints them: a value
 * prints by the datatype of what it is compared with (marks as `0x%08x`,
 * interface names quoted, booleans as `exists`/`missing`), anonymous sets on
 * one line, `==` only where nft prints it (after a binary operation).
 */
import { datatypeOf } from "./expr-type.js";
import type { NftExpr } from "./model.js";
import { stringTypes } from "./selectors.js";

/** nft prints only these meta keys without `meta` (meta_key_is_unqualified). */
const unqualified = new Set([
	"iif",
	"oif",
	"iifname",
	"oifname",
	"iifgroup",
	"oifgroup",
]);

function quote(text: string): string {
	return `"${text}"`;
}

/** One value, as its datatype prints. */
export function printValue(
	value: string | number | boolean,
	dtype: string,
): string {
	if (typeof value === "boolean") return value ? "exists" : "missing";
	if (typeof value === "number") {
		if (dtype === "mark" || dtype === "ct_mark")
			return `0x${value.toString(16).padStart(8, "0")}`;
		return String(value);
	}
	if (stringTypes.has(dtype)) return quote(value);
	return value;
}

/** The datatype of each part of a concatenated type (`a . b`). */
export function partTypes(dtype: string): string[] {
	return dtype.split(" . ");
}

function printSelector(expr: NftExpr): string | undefined {
	switch (expr.kind) {
		case "payload":
			return `${expr.protocol} ${expr.field}`;
		case "raw-payload":
			return `@${expr.base},${expr.offset},${expr.len}`;
		case "meta":
			return unqualified.has(expr.key) ? expr.key : `meta ${expr.key}`;
		case "ct":
			return ["ct", expr.dir, expr.family, expr.key]
				.filter((p) => p !== undefined)
				.join(" ");
		case "fib":
			return `fib ${expr.flags.join(" . ")} ${expr.result}`;
		case "numgen":
			return `numgen ${expr.mode} mod ${expr.mod}${expr.offset ? ` offset ${expr.offset}` : ""}`;
		case "hash": {
			const key = expr.expr ? ` ${printExpr(expr.expr, "")}` : "";
			const seed =
				expr.seed === undefined ? "" : ` seed 0x${expr.seed.toString(16)}`;
			const offset = expr.offset ? ` offset ${expr.offset}` : "";
			return `${expr.hash}${key} mod ${expr.mod}${seed}${offset}`;
		}
		case "selector":
			return [expr.name, ...expr.args].join(" ");
		default:
			return undefined;
	}
}

function printVerdict(expr: Extract<NftExpr, { kind: "verdict" }>): string {
	return expr.target === undefined
		? expr.verdict
		: `${expr.verdict} ${expr.target}`;
}

/** A set literal's elements, one delimiter rule for anonymous sets. */
function printSetLiteral(elements: readonly NftExpr[], dtype: string): string {
	return elements.length === 0
		? "{ }"
		: `{ ${elements.map((e) => printExpr(e, dtype)).join(", ")} }`;
}

/** An expression; `dtype` is the datatype its values print as. */
export function printExpr(expr: NftExpr, dtype: string): string {
	const selector = printSelector(expr);
	if (selector !== undefined) return selector;
	switch (expr.kind) {
		case "value":
			return printValue(expr.value, dtype);
		case "variable":
			return `$${expr.name}`;
		case "prefix":
			return `${printExpr(expr.addr, dtype)}/${expr.len}`;
		case "range":
			return `${printExpr(expr.from, dtype)}-${printExpr(expr.to, dtype)}`;
		case "list":
			return expr.items.map((e) => printExpr(e, dtype)).join(",");
		case "set":
			return printSetLiteral(expr.elements, dtype);
		case "setref":
			return `@${expr.name}`;
		case "elem":
			return printElem(expr, dtype);
		case "mapping":
			return `${printExpr(expr.key, dtype)} : ${printExpr(expr.data, "")}`;
		case "concat": {
			const types = partTypes(dtype);
			return expr.parts.map((p, i) => printExpr(p, types[i] ?? "")).join(" . ");
		}
		case "binop": {
			const left = printExpr(expr.left, dtype);
			const rightType = datatypeOf(expr.left) || dtype;
			const right = printExpr(expr.right, rightType);
			return `${left} ${expr.op} ${expr.right.kind === "binop" ? `(${right})` : right}`;
		}
		case "map":
			return `${printExpr(expr.key, "")} map ${printExpr(expr.data, datatypeOf(expr.key))}`;
		case "verdict":
			return printVerdict(expr);
		default:
			return "";
	}
}

function printElem(
	expr: Extract<NftExpr, { kind: "elem" }>,
	dtype: string,
): string {
	const parts = [printExpr(expr.value, dtype)];
	if (expr.timeout !== undefined) parts.push(`timeout ${expr.timeout}`);
	if (expr.expires !== undefined) parts.push(`expires ${expr.expires}`);
	if (expr.counter) parts.push("counter");
	if (expr.comment !== undefined) parts.push(`comment ${quote(expr.comment)}`);
	return parts.join(" ");
}
