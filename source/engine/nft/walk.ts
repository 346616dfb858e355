/**
 * Walks over nft expressions and statements: rewriting (variable
 * substitution) and visiting (which sets, chains and flowtables a rule
 * names). One place knows where sub-expressions sit.
 */
import type { NftExpr, NftStmt } from "./model.js";

/** The expressions directly inside an expression. */
export function childrenOf(expr: NftExpr): readonly NftExpr[] {
	switch (expr.kind) {
		case "prefix":
			return [expr.addr];
		case "range":
			return [expr.from, expr.to];
		case "list":
			return expr.items;
		case "set":
			return expr.elements;
		case "elem":
			return [expr.value];
		case "mapping":
			return [expr.key, expr.data];
		case "concat":
			return expr.parts;
		case "binop":
			return [expr.left, expr.right];
		case "map":
			return [expr.key, expr.data];
		case "hash":
			return expr.expr ? [expr.expr] : [];
		default:
			return [];
	}
}

/** Rebuilds an expression bottom-up with `f` applied to every node. */
export function mapExpr(expr: NftExpr, f: (e: NftExpr) => NftExpr): NftExpr {
	const m = (e: NftExpr) => mapExpr(e, f);
	switch (expr.kind) {
		case "prefix":
			return f({ ...expr, addr: m(expr.addr) });
		case "range":
			return f({ ...expr, from: m(expr.from), to: m(expr.to) });
		case "list":
			return f({ ...expr, items: expr.items.map(m) });
		case "set":
			return f({ ...expr, elements: expr.elements.map(m) });
		case "elem":
			return f({ ...expr, value: m(expr.value) });
		case "mapping":
			return f({ ...expr, key: m(expr.key), data: m(expr.data) });
		case "concat":
			return f({ ...expr, parts: expr.parts.map(m) });
		case "binop":
			return f({ ...expr, left: m(expr.left), right: m(expr.right) });
		case "map":
			return f({ ...expr, key: m(expr.key), data: m(expr.data) });
		case "hash":
			return f(expr.expr ? { ...expr, expr: m(expr.expr) } : expr);
		default:
			return f(expr);
	}
}

/** The expressions directly inside a statement. */
export function stmtExprs(stmt: NftStmt): readonly NftExpr[] {
	switch (stmt.kind) {
		case "match":
			return [stmt.left, stmt.right];
		case "verdict":
			return [stmt.verdict];
		case "vmap":
			return [stmt.key, stmt.data];
		case "mangle":
			return [stmt.key, stmt.value];
		case "nat":
			return [stmt.addr, stmt.port].filter((e) => e !== undefined);
		case "set-update":
			return [stmt.key];
		default:
			return [];
	}
}

/** Rewrites every expression of a statement (and of nested statements). */
export function mapStmt(stmt: NftStmt, f: (e: NftExpr) => NftExpr): NftStmt {
	const m = (e: NftExpr) => mapExpr(e, f);
	switch (stmt.kind) {
		case "match":
			return { ...stmt, left: m(stmt.left), right: m(stmt.right) };
		case "vmap":
			return { ...stmt, key: m(stmt.key), data: m(stmt.data) };
		case "mangle":
			return { ...stmt, key: m(stmt.key), value: m(stmt.value) };
		case "nat":
			return {
				...stmt,
				...(stmt.addr ? { addr: m(stmt.addr) } : {}),
				...(stmt.port ? { port: m(stmt.port) } : {}),
			};
		case "set-update":
			return {
				...stmt,
				key: m(stmt.key),
				stmts: stmt.stmts.map((s) => mapStmt(s, f)),
			};
		default:
			return stmt;
	}
}

/** Calls `visit` on every expression node under `expr`, parents first. */
export function visitExpr(expr: NftExpr, visit: (e: NftExpr) => void): void {
	visit(expr);
	for (const child of childrenOf(expr)) visitExpr(child, visit);
}

/** Calls `visit` on every statement, nested set-update statements included. */
export function visitStmts(
	stmts: readonly NftStmt[],
	visit: (s: NftStmt) => void,
): void {
	for (const stmt of stmts) {
		visit(stmt);
		if (stmt.kind === "set-update") visitStmts(stmt.stmts, visit);
	}
}
