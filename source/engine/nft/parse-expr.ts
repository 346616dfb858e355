/**
 * nft expressions (parser_bison.y): a left side of selectors joined by
 * binary operators and `.` concatenation, optionally looked up in a map;
 * right sides of values, ranges, prefixes, comma flag lists, anonymous sets
 * and `@set` references; set and map literals with element options.
 */
import type { NftBinop, NftExpr } from "./model.js";
import { isSelectorStart, parseSelector } from "./parse-selector.js";
import { NftSyntaxError, type TokenCursor } from "./token-cursor.js";

/** The binary operator a token spells (a switch: it runs after every value). */
function binopOf(text: string): NftBinop | undefined {
	switch (text) {
		case "&":
		case "and":
			return "&";
		case "|":
		case "or":
			return "|";
		case "^":
		case "xor":
			return "^";
		case "<<":
		case "lshift":
			return "<<";
		case ">>":
		case "rshift":
			return ">>";
		default:
			return undefined;
	}
}

function binopAt(c: TokenCursor): NftBinop | undefined {
	const token = c.peek();
	return token.kind === "quoted" ? undefined : binopOf(token.text);
}

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

/** `0x` hex or decimal digits, nothing else (what nft's JSON holds as a number). */
function isNumeral(text: string): boolean {
	const hex =
		text.length > 2 &&
		text.charCodeAt(0) === 48 &&
		(text[1] === "x" || text[1] === "X");
	if (!hex) {
		if (text.length === 0) return false;
		for (let i = 0; i < text.length; i++)
			if (!isDigit(text.charCodeAt(i))) return false;
		return true;
	}
	for (let i = 2; i < text.length; i++) {
		const code = text.charCodeAt(i);
		const letter = code | 32;
		if (!isDigit(code) && !(letter >= 97 && letter <= 102)) return false;
	}
	return true;
}

/** A value token as nft's JSON holds it: numbers as numbers. */
export function literalValue(
	text: string,
	quoted: boolean,
): string | number | boolean {
	if (quoted) return text;
	if (isNumeral(text)) return Number(text);
	if (text === "exists") return true;
	if (text === "missing") return false;
	return text;
}

/** A right-side primary: a value, `$variable`, `(expr)` or `[ipv6]`. */
function valuePrimary(c: TokenCursor): NftExpr {
	const token = c.peek();
	if (
		token.kind === "word" ||
		token.kind === "number" ||
		token.kind === "quoted"
	) {
		c.next();
		return {
			kind: "value",
			value: literalValue(token.text, token.kind === "quoted"),
			origin: { line: token.line, column: token.column },
		};
	}
	if (c.accept("$")) return { kind: "variable", name: c.name().text };
	if (c.accept("(")) {
		const inner = parseValueExpr(c);
		c.expect(")");
		return inner;
	}
	if (c.accept("[")) {
		const addr = c.next();
		c.expect("]");
		return { kind: "value", value: addr.text };
	}
	if (c.is("-") && c.peek(1).kind === "number") {
		c.next();
		return { kind: "value", value: -c.number() };
	}
	throw new NftSyntaxError(token);
}

/** A value with an optional `/len` prefix or `-to` range. */
function multiton(c: TokenCursor): NftExpr {
	let expr = valuePrimary(c);
	while (binopAt(c) !== undefined && !isSelectorStart(c, 1)) {
		const op = binopAt(c) as NftBinop;
		c.next();
		expr = { kind: "binop", op, left: expr, right: valuePrimary(c) };
	}
	if (c.is("/") && c.peek(1).kind === "number") {
		c.next();
		return { kind: "prefix", addr: expr, len: c.number() };
	}
	if (c.is("-") && !c.atEnd()) {
		c.next();
		return { kind: "range", from: expr, to: valuePrimary(c) };
	}
	return expr;
}

function concatOf(parts: NftExpr[]): NftExpr {
	return parts.length === 1 ? (parts[0] as NftExpr) : { kind: "concat", parts };
}

/** Values joined by `.` (`10.0.0.1 . tcp . 80`). */
function rhsConcat(c: TokenCursor): NftExpr {
	const parts = [multiton(c)];
	while (c.accept(".")) parts.push(multiton(c));
	return concatOf(parts);
}

/** A verdict as map data: `accept`, `goto chain`, ... */
export function parseVerdictExpr(c: TokenCursor): NftExpr | undefined {
	const token = c.peek();
	if (token.kind !== "word") return undefined;
	const word = token.text;
	if (
		word === "accept" ||
		word === "drop" ||
		word === "continue" ||
		word === "return"
	) {
		c.next();
		return { kind: "verdict", verdict: word };
	}
	if (token.text === "jump" || token.text === "goto") {
		c.next();
		return { kind: "verdict", verdict: token.text, target: c.name().text };
	}
	return undefined;
}

/** `KEY timeout 30s expires 10s comment "x" counter`: a set element's own options. */
export function elementOptions(c: TokenCursor, value: NftExpr): NftExpr {
	const options: {
		timeout?: string;
		expires?: string;
		comment?: string;
		counter?: boolean;
	} = {};
	for (;;) {
		if (c.accept("timeout")) options.timeout = c.next().text;
		else if (c.accept("expires")) options.expires = c.next().text;
		else if (c.accept("comment")) options.comment = c.next().text;
		else if (c.accept("counter")) {
			options.counter = true;
			if (c.accept("packets")) c.number();
			if (c.accept("bytes")) c.number();
		} else break;
	}
	return Object.keys(options).length === 0
		? value
		: { kind: "elem", value, ...options };
}

/** One element of a set or map literal. */
function element(c: TokenCursor): NftExpr {
	const origin = c.origin(c.peek());
	// `*`: the catch-all element (NFT_SET_ELEM_CATCHALL).
	const catchAll = c.accept("*");
	const key = elementOptions(
		c,
		catchAll ? { kind: "value", value: "*" } : rhsConcat(c),
	);
	if (!c.accept(":")) return key;
	const data = parseVerdictExpr(c) ?? rhsConcat(c);
	return { kind: "mapping", key, data, origin };
}

/** `{ a, b, c }` with newlines allowed between elements. */
export function parseSetLiteral(c: TokenCursor): NftExpr {
	c.expect("{");
	const elements: NftExpr[] = [];
	for (;;) {
		c.skipNewlines();
		if (c.accept("}")) break;
		elements.push(element(c));
		c.skipNewlines();
		if (c.accept("}")) break;
		c.expect(",");
	}
	return { kind: "set", elements };
}

/** A right side: `{set}`, `@set`, or values with an optional comma flag list. */
export function parseRhs(c: TokenCursor): NftExpr {
	if (c.is("{")) return parseSetLiteral(c);
	if (c.is("@")) {
		const at = c.origin(c.next());
		return { kind: "setref", name: c.name().text, origin: at };
	}
	const first = rhsConcat(c);
	if (!c.is(",")) return first;
	const items = [first];
	while (c.accept(",")) items.push(rhsConcat(c));
	return { kind: "list", items };
}

/**
 * A match's right side; `VALUE / MASK` (`tcp flags syn / syn,ack`) comes
 * back as the mask to apply to the left side, as nft stores it.
 */
export function parseMatchRhs(c: TokenCursor): {
	right: NftExpr;
	mask?: NftExpr;
} {
	const right = parseRhs(c);
	if (!c.accept("/")) return { right };
	return { right, mask: parseRhs(c) };
}

/** A left side: selectors with binary operators, `.`-joined, then `map`. */
export function parseLhs(c: TokenCursor): NftExpr {
	const parts: NftExpr[] = [];
	do {
		// A constant may follow the first part (`add @s { ip saddr . 22 }`).
		let expr =
			parts.length === 0 || isSelectorStart(c)
				? parseSelector(c, parseLhs)
				: valuePrimary(c);
		for (let op = binopAt(c); op !== undefined; op = binopAt(c)) {
			c.next();
			const right = isSelectorStart(c)
				? parseSelector(c, parseLhs)
				: valuePrimary(c);
			expr = { kind: "binop", op, left: expr, right };
		}
		parts.push(expr);
	} while (c.accept("."));
	const key = concatOf(parts);
	if (c.accept("map")) return { kind: "map", key, data: parseRhs(c) };
	return key;
}

/** A value that may itself read the packet (`mark set mark or 0x4000`, NAT `to`). */
export function parseValueExpr(c: TokenCursor): NftExpr {
	return isSelectorStart(c) ? parseLhs(c) : parseRhs(c);
}
