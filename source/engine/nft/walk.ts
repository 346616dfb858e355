/**
 * Walks over nft expressions and statements: rewriting (variable
 * substitution) and visiting (which sets, chains and flowtables a rule
 * names). One place knows where sub-expressions sit.
 */
import type { NftExpr, NftStmt } from "./model.js";

/**
 * Calls `f` on each expression directly inside an expression, in order
 * (the walks call it for every node: no array is made).
 */
export function forEachChild(expr: NftExpr, f: (e: NftExpr) => void): void {
	switch (expr.kind) {
		case "prefix":
			f(expr.addr);
			return;
		case "range":
			f(expr.from);
			f(expr.to);
			return;
		case "list":
			for (const item of expr.items) f(item);
			return;
		case "set":
			for (const element of expr.elements) f(element);
			return;
		case "elem":
			f(expr.value);
			return;
		case "mapping":
		case "map":
			f(expr.key);
			f(expr.data);
			return;
		case "concat":
			for (const part of expr.parts) f(part);
			return;
		case "binop":
			f(expr.left);
			f(expr.right);
			return;
		case "hash":
			if (expr.expr) f(expr.expr);
			return;
		default:
			return;
	}
}

/** The expressions directly inside an expression. */
export function childrenOf(expr: NftExpr): readonly NftExpr[] {
	const children: NftExpr[] = [];
	forEachChild(expr, (child) => children.push(child));
	return children;
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

/** Calls `f` on each expression directly inside a statement, in order. */
export function forEachStmtExpr(stmt: NftStmt, f: (e: NftExpr) => void): void {
	switch (stmt.kind) {
		case "match":
			f(stmt.left);
			f(stmt.right);
			return;
		case "verdict":
			f(stmt.verdict);
			return;
		case "vmap":
			f(stmt.key);
			f(stmt.data);
			return;
		case "mangle":
			f(stmt.key);
			f(stmt.value);
			return;
		case "nat":
			if (stmt.addr !== undefined) f(stmt.addr);
			if (stmt.port !== undefined) f(stmt.port);
			return;
		case "set-update":
			f(stmt.key);
			if (stmt.data !== undefined) f(stmt.data);
			return;
		default:
			return;
	}
}

/** The expressions directly inside a statement. */
export function stmtExprs(stmt: NftStmt): readonly NftExpr[] {
	const exprs: NftExpr[] = [];
	forEachStmtExpr(stmt, (expr) => exprs.push(expr));
	return exprs;
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
				...(stmt.data ? { data: m(stmt.data) } : {}),
				stmts: stmt.stmts.map((s) => mapStmt(s, f)),
			};
		default:
			return stmt;
	}
}

/** Calls `visit` on every expression node under `expr`, parents first. */
export function visitExpr(expr: NftExpr, visit: (e: NftExpr) => void): void {
	visit(expr);
	forEachChild(expr, (child) => visitExpr(child, visit));
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
