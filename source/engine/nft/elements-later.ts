/**
 * A set's `elements = { }` kept unread (see rules-later.ts): a kube-proxy
 * `service-ips` map holds an element per service, read when the map is
 * first looked up or shown. Reading parses the literal where it stands and
 * reports its syntax errors with line and column.
 */
import type { Diagnostic } from "../diagnostics.js";
import { scanSetLiteral } from "./body-scan.js";
import type { NftExpr } from "./model.js";
import { parseSetLiteral } from "./parse-expr.js";
import { guarded } from "./read-block.js";
import { type GatedSyntax, TokenCursor } from "./token-cursor.js";
import { type NftTextPlace, placeOfToken } from "./tokenize.js";

export type ElementsRead = {
	readonly elements: readonly NftExpr[];
	readonly diagnostics: readonly Diagnostic[];
	readonly gated: readonly GatedSyntax[];
};

/** A set's elements, not read yet. */
export type ElementsLater = { readonly read: () => ElementsRead };

function readLiteral(
	text: string,
	source: string,
	open: NftTextPlace,
): ElementsRead {
	const c = new TokenCursor(text, source, open);
	let elements: readonly NftExpr[] = [];
	guarded(c, () => {
		const literal = parseSetLiteral(c);
		elements = literal.kind === "set" ? literal.elements : [];
	});
	return { elements, diagnostics: c.diagnostics, gated: c.gated };
}

/**
 * At `elements = {` in a set body: skips the literal (with its `}`) and
 * gives its elements to read later; undefined, with nothing read, when the
 * line is something else or the literal cannot be followed.
 */
export function skipSetElements(c: TokenCursor): ElementsLater | undefined {
	if (!(c.is("elements") && c.is("=", 1) && c.is("{", 2))) return undefined;
	c.next();
	c.next();
	const open = c.next();
	const from = c.placeAfterCurrent();
	const body = from && scanSetLiteral(c.text, from);
	if (!body) {
		c.back();
		c.back();
		c.back();
		return undefined;
	}
	c.skipTo(body.end);
	c.expect("}");
	const { text, source } = c;
	const start = placeOfToken(open);
	return { read: () => readLiteral(text, source, start) };
}
