/**
 * The datatype of a left-side expression, as nft's evaluator derives it:
 * what decides how its values read and print and whether an implicit match
 * is a flag test.
 */
import type { NftExpr } from "./model.js";
import {
	ctDirKeys,
	ctKeys,
	fibResults,
	metaKeys,
	type NftDatatype,
	payloadFields,
} from "./selectors.js";

/** The datatype name, `a . b` for concatenations, `` when not known. */
export function datatypeOf(expr: NftExpr): NftDatatype {
	switch (expr.kind) {
		case "payload":
			return payloadFields[expr.protocol]?.[expr.field] ?? "";
		case "meta":
			return metaKeys[expr.key] ?? "";
		case "ct":
			if (expr.dir === undefined) return ctKeys[expr.key] ?? "";
			return (
				ctDirKeys[expr.family ? `${expr.family} ${expr.key}` : expr.key] ?? ""
			);
		case "fib":
			return fibResults[expr.result] ?? "";
		case "binop":
			return datatypeOf(expr.left);
		case "concat":
			return expr.parts.map(datatypeOf).join(" . ");
		case "numgen":
		case "hash":
			return "integer";
		case "map":
			return "";
		default:
			return "";
	}
}
