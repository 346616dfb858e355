/**
 * nft rule statements (parser_bison.y `stmt`): matches, verdicts, verdict
 * maps, counter, limit, quota, log, reject, NAT, notrack, mangling, set
 * updates, flow offload and iptables-nft's `xt` expressions.
 */

import { datatypeOf } from "./expr-type.js";
import type { NftExpr, NftOp, NftOrigin, NftStmt } from "./model.js";
import {
	elementOptions,
	parseLhs,
	parseMatchRhs,
	parseRhs,
	parseValueExpr,
	parseVerdictExpr,
} from "./parse-expr.js";
import { isSelectorStart } from "./parse-selector.js";
import { parseLimit, parseLog, parseQuota } from "./parse-stmt-options.js";
import { printExpr } from "./print-expr.js";
import { bitmaskTypes } from "./selectors.js";
import { NftSyntaxError, type TokenCursor } from "./token-cursor.js";

const relops: Readonly<Record<string, NftOp>> = {
	"==": "==",
	eq: "==",
	"!=": "!=",
	ne: "!=",
	"<": "<",
	lt: "<",
	">": ">",
	gt: ">",
	"<=": "<=",
	le: "<=",
	">=": ">=",
	ge: ">=",
	// `tcp flags ! fin,rst`: none of the flags set (nft's OP_NEG).
	"!": "!",
};

function counter(c: TokenCursor): NftStmt {
	if (c.accept("name")) return { kind: "counter", name: c.name().text };
	const packets = c.accept("packets") ? c.number() : undefined;
	const bytes = c.accept("bytes") ? c.number() : undefined;
	return {
		kind: "counter",
		...(packets === undefined ? {} : { packets }),
		...(bytes === undefined ? {} : { bytes }),
	};
}

function reject(c: TokenCursor): NftStmt {
	if (!c.accept("with")) return { kind: "reject" };
	const type = c.next();
	if (type.text === "tcp") {
		c.expect("reset");
		return { kind: "reject", type: "tcp reset" };
	}
	if (type.text !== "icmp" && type.text !== "icmpv6" && type.text !== "icmpx")
		throw new NftSyntaxError(type);
	c.accept("type");
	return { kind: "reject", type: type.text, code: String(c.name().text) };
}

const natFlags = new Set(["random", "fully-random", "persistent"]);

function natFlagList(c: TokenCursor): string[] {
	const flags: string[] = [];
	while (natFlags.has(c.peek().text) && c.peek().kind === "word") {
		flags.push(c.next().text);
		c.accept(",");
	}
	return flags;
}

/** `to ADDR[:PORT]`, `to :PORT`, `ip addr . port to EXPR`. */
function natTarget(
	c: TokenCursor,
	stmt: { addr?: NftExpr; port?: NftExpr },
): void {
	if (c.accept(":")) {
		stmt.port = parseRhs(c);
		return;
	}
	stmt.addr = parseValueExpr(c);
	if (c.accept(":")) stmt.port = parseRhs(c);
}

/** `dnat 10.0.0.1:80` may leave out `to` (parser_bison.y nat_stmt_args). */
function startsNatTarget(c: TokenCursor): boolean {
	const token = c.peek();
	if (token.kind === "number") return true;
	if (token.kind === "punct") return ["[", ":", "$"].includes(token.text);
	return token.kind === "word" && /^[0-9]|:/.test(token.text);
}

function nat(
	c: TokenCursor,
	kind: "snat" | "dnat" | "masquerade" | "redirect",
): NftStmt {
	const stmt: {
		addr?: NftExpr;
		port?: NftExpr;
		family?: "ip" | "ip6";
		tuple?: boolean;
	} = {};
	if (c.is("ip") || c.is("ip6")) stmt.family = c.next().text as "ip";
	if (c.accept("addr")) {
		c.expect(".");
		c.expect("port");
		stmt.tuple = true;
	} else if (c.accept("prefix")) stmt.tuple = false;
	if (c.accept("to") || startsNatTarget(c)) natTarget(c, stmt);
	const flags = natFlagList(c);
	return {
		kind: "nat",
		nat: kind,
		...stmt,
		...(flags.length > 0 ? { flags } : {}),
	};
}

/** `add @s { KEY [timeout T] [: DATA] [stmts] }` (parser_bison.y set_stmt, map_stmt). */
function setUpdate(c: TokenCursor, op: "add" | "update" | "delete"): NftStmt {
	c.expect("@");
	const set = c.name().text;
	c.expect("{");
	const key = elementOptions(c, parseValueExpr(c));
	const data = c.accept(":")
		? (parseVerdictExpr(c) ?? parseValueExpr(c))
		: undefined;
	const stmts: NftStmt[] = [];
	while (!c.is("}")) {
		const inner = parseStatement(c);
		if (inner.kind === "comment") throw new NftSyntaxError(c.peek());
		stmts.push(inner.stmt);
	}
	c.expect("}");
	return {
		kind: "set-update",
		op,
		set,
		key,
		...(data ? { data } : {}),
		stmts,
	};
}

function xt(c: TokenCursor): NftStmt {
	const type = c.next();
	if (
		type.text !== "match" &&
		type.text !== "target" &&
		type.text !== "watcher"
	)
		throw new NftSyntaxError(type);
	return { kind: "xt", type: type.text, name: c.name().text };
}

/** A match, a mangle (`KEY set VALUE`) or a verdict map (`KEY vmap MAP`). */
function exprStatement(c: TokenCursor): NftStmt {
	const left = parseLhs(c);
	if (c.accept("set"))
		return { kind: "mangle", key: left, value: parseValueExpr(c) };
	if (c.accept("vmap")) return { kind: "vmap", key: left, data: parseRhs(c) };
	const token = c.peek();
	const explicit = token.kind === "quoted" ? undefined : relops[token.text];
	if (explicit) c.next();
	const { right, mask } = parseMatchRhs(c);
	const implicit =
		bitmaskTypes.has(datatypeOf(left)) && right.kind !== "set" && !mask;
	const op: NftOp = explicit ?? (implicit ? "in" : "==");
	const masked: NftExpr = mask
		? { kind: "binop", op: "&", left, right: mask }
		: left;
	return { kind: "match", op, left: masked, right };
}

function keywordStatement(c: TokenCursor, word: string): NftStmt | undefined {
	switch (word) {
		case "counter":
			return counter(c);
		case "limit":
			return parseLimit(c);
		case "quota":
			return parseQuota(c);
		case "log":
			return parseLog(c);
		case "reject":
			return reject(c);
		case "notrack":
			return { kind: "notrack" };
		case "snat":
		case "dnat":
		case "masquerade":
		case "redirect":
			return nat(c, word);
		case "add":
		case "update":
		case "delete":
			return setUpdate(c, word);
		case "xt":
			return xt(c);
		case "flow": {
			if (!c.accept("add")) c.expect("offload");
			c.expect("@");
			return { kind: "flow-offload", flowtable: c.name().text };
		}
		case "queue":
			return queue(c);
		default:
			return undefined;
	}
}

/** `queue num 0 bypass` (older nft) and `queue flags bypass,fanout to 1-10` (newer). */
function queue(c: TokenCursor): NftStmt {
	const flags: string[] = [];
	let num: string | undefined;
	for (;;) {
		if (c.accept("num") || c.accept("to")) {
			// `to ip saddr map @m`: a queue chosen per packet, read as its text.
			if (isSelectorStart(c)) num = printExpr(parseLhs(c), "");
			else
				num =
					String(c.next().text) + (c.accept("-") ? `-${c.next().text}` : "");
		} else if (c.accept("flags")) continue;
		else if (c.is("bypass") || c.is("fanout")) flags.push(c.next().text);
		else if (c.accept(",")) continue;
		else break;
	}
	return {
		kind: "queue",
		...(num ? { num } : {}),
		...(flags.length > 0 ? { flags } : {}),
	};
}

export type ParsedStatement =
	| { readonly kind: "stmt"; readonly stmt: NftStmt }
	| { readonly kind: "comment"; readonly comment: string };

/**
 * Gives a statement just built here its origin. It is not yet shared, so
 * the property is added rather than the statement copied: a kube-proxy
 * ruleset has hundreds of thousands of statements.
 */
function withOrigin(stmt: NftStmt, origin: NftOrigin): NftStmt {
	(stmt as { origin?: NftOrigin }).origin = origin;
	return stmt;
}

/** Reads one statement; a trailing `comment "..."` is the rule's comment. */
export function parseStatement(c: TokenCursor): ParsedStatement {
	const token = c.peek();
	const origin = c.origin(token);
	if (token.kind === "word" && token.text === "comment") {
		c.next();
		return { kind: "comment", comment: String(c.name().text) };
	}
	const verdict = parseVerdictExpr(c);
	if (verdict?.kind === "verdict")
		return { kind: "stmt", stmt: { kind: "verdict", verdict, origin } };
	if (
		token.kind === "word" &&
		token.text === "ct" &&
		c.peek(1).text === "count"
	) {
		c.next();
		c.next();
		const inv = c.accept("over");
		return {
			kind: "stmt",
			stmt: { kind: "ct-count", count: c.number(), inv, origin },
		};
	}
	const selector = isSelectorStart(c);
	if (token.kind === "word" && !selector) {
		c.next();
		const stmt = keywordStatement(c, token.text);
		if (!stmt) throw new NftSyntaxError(token);
		return { kind: "stmt", stmt: withOrigin(stmt, origin) };
	}
	if (selector)
		return { kind: "stmt", stmt: withOrigin(exprStatement(c), origin) };
	throw new NftSyntaxError(token);
}
