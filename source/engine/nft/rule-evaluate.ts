/**
 * What nft's evaluator and the kernel check in one rule when a batch adds
 * it: `$variables` are defined (and replaced by their values), named sets,
 * maps, flowtables and counters exist, jump and goto targets exist at that
 * point of the batch, the nft release knows the syntax, the kernel has the
 * feature, and `iif`/`oif` name an interface that exists.
 */
import type { Problem } from "../parse/diagnostic-sink.js";
import type { NftKernelFeature, NftRelease } from "./load-options.js";
import type {
	NftExpr,
	NftFamily,
	NftOrigin,
	NftRule,
	NftStmt,
} from "./model.js";
import {
	forEachChild,
	forEachStmtExpr,
	mapExpr,
	mapStmt,
	visitExpr,
	visitStmts,
} from "./walk.js";

export type RuleContext = {
	readonly family: NftFamily;
	readonly release: NftRelease;
	readonly kernelLacks: ReadonlySet<NftKernelFeature>;
	readonly interfaces: ReadonlySet<string> | undefined;
	readonly variable: (name: string) => NftExpr | undefined;
	readonly hasSet: (name: string) => boolean;
	readonly hasChain: (name: string) => boolean;
	readonly hasFlowtable: (name: string) => boolean;
	readonly hasObject: (type: string, name: string) => boolean;
	readonly report: (problem: Problem) => void;
};

function fatal(
	at: NftOrigin,
	code: string,
	message: string,
	length = 1,
): Problem {
	return {
		severity: "error",
		code,
		message,
		line: at.line,
		column: at.column,
		length,
		fatal: true,
	};
}

const enoent = "Could not process rule: No such file or directory";

/** True when a `$variable` is anywhere under the expression. */
function hasVariable(expr: NftExpr): boolean {
	if (expr.kind === "variable") return true;
	let found = false;
	forEachChild(expr, (child) => {
		found ||= hasVariable(child);
	});
	return found;
}

/** Replaces `$name` by its definition (nft expands variables while reading). */
export function substituteVariables(
	expr: NftExpr,
	ctx: Pick<RuleContext, "variable" | "report">,
	at: NftOrigin,
): NftExpr {
	// Most elements have none: keep them as they are rather than copy them.
	if (!hasVariable(expr)) return expr;
	return mapExpr(expr, (e) => {
		if (e.kind !== "variable") return e;
		const value = ctx.variable(e.name);
		if (value) return value;
		ctx.report(fatal(at, "unknown-variable", `unknown identifier '${e.name}'`));
		return e;
	});
}

/** Jump and goto targets in an expression (verdict map data included). */
export function verdictTargets(
	expr: NftExpr,
	visit: (target: string, at: NftOrigin | undefined) => void,
): void {
	if (
		expr.kind === "mapping" &&
		expr.data.kind === "verdict" &&
		expr.data.target !== undefined
	) {
		// A map element's verdict is reported at the element.
		visit(expr.data.target, expr.origin);
		verdictTargets(expr.key, visit);
		return;
	}
	if (expr.kind === "verdict" && expr.target !== undefined)
		visit(expr.target, undefined);
	forEachChild(expr, (child) => verdictTargets(child, visit));
}

function checkExpressions(
	stmt: NftStmt,
	ctx: RuleContext,
	at: NftOrigin,
): void {
	forEachStmtExpr(stmt, (expr) =>
		visitExpr(expr, (e) => {
			if (e.kind === "setref" && !ctx.hasSet(e.name))
				ctx.report(
					fatal(
						e.origin ?? at,
						"unknown-set",
						`Set '${e.name}' does not exist`,
					),
				);
			if (
				e.kind === "ct" &&
				ctx.family === "bridge" &&
				ctx.kernelLacks.has("bridge-conntrack")
			)
				ctx.report(
					fatal(
						at,
						"kernel-lacks",
						`${enoent} (this kernel has no bridge conntrack: CONFIG_NF_CONNTRACK_BRIDGE)`,
					),
				);
		}),
	);
	// nft points at the chain name of `jump NAME`, after the verdict word.
	const named =
		stmt.kind === "verdict"
			? { line: at.line, column: at.column + stmt.verdict.verdict.length + 1 }
			: at;
	forEachStmtExpr(stmt, (expr) =>
		verdictTargets(expr, (target, element) => {
			if (!ctx.hasChain(target))
				ctx.report(
					fatal(
						element ?? named,
						"unknown-chain",
						`${enoent} (chain '${target}' does not exist yet)`,
					),
				);
		}),
	);
}

function checkInterfaces(stmt: NftStmt, ctx: RuleContext, at: NftOrigin): void {
	if (stmt.kind !== "match" || stmt.left.kind !== "meta") return;
	if (stmt.left.key !== "iif" && stmt.left.key !== "oif") return;
	visitExpr(stmt.right, (e) => {
		if (e.kind !== "value" || typeof e.value !== "string") return;
		if (ctx.interfaces === undefined)
			ctx.report({
				severity: "warning",
				code: "interface-unknown",
				message: `${stmt.left.kind === "meta" ? stmt.left.key : ""} "${e.value}" needs the interface to exist when the ruleset is loaded`,
				line: at.line,
				column: at.column,
				length: 1,
			});
		else if (!ctx.interfaces.has(e.value))
			ctx.report(
				fatal(
					e.origin ?? at,
					"no-interface",
					"Interface does not exist",
					e.value.length + 2,
				),
			);
	});
}

/** What the kernel refuses in one statement: `[code, message]`, or undefined. */
function statementProblem(
	stmt: NftStmt,
	ctx: RuleContext,
): readonly [string, string] | undefined {
	const lacks = (feature: NftKernelFeature, what: string, option: string) =>
		ctx.kernelLacks.has(feature)
			? ([
					"kernel-lacks",
					`${enoent} (this kernel has no ${what}: ${option})`,
				] as const)
			: undefined;
	switch (stmt.kind) {
		case "reject":
			return ctx.family === "bridge"
				? lacks("bridge-reject", "bridge reject", "CONFIG_NFT_BRIDGE_REJECT")
				: undefined;
		case "queue":
			return lacks("queue", "queue", "CONFIG_NFT_QUEUE");
		case "flow-offload":
			return (
				lacks("flowtable", "flowtables", "CONFIG_NF_FLOW_TABLE") ??
				(ctx.hasFlowtable(stmt.flowtable)
					? undefined
					: [
							"unknown-flowtable",
							`${enoent} (flowtable '${stmt.flowtable}' does not exist)`,
						])
			);
		case "set-update":
			return ctx.hasSet(stmt.set)
				? undefined
				: ["unknown-set", `Set '${stmt.set}' does not exist`];
		case "counter":
			return stmt.name === undefined || ctx.hasObject("counter", stmt.name)
				? undefined
				: [
						"unknown-object",
						`${enoent} (counter '${stmt.name}' does not exist)`,
					];
		default:
			return undefined;
	}
}

function checkStatement(stmt: NftStmt, ctx: RuleContext): void {
	const at = stmt.origin ?? { line: 1, column: 1 };
	checkExpressions(stmt, ctx, at);
	checkInterfaces(stmt, ctx, at);
	const problem = statementProblem(stmt, ctx);
	if (problem)
		ctx.report(
			fatal(at, problem[0], problem[1], stmt.kind === "reject" ? 6 : 1),
		);
}

/** The rule with its variables expanded, after reporting what the load refuses. */
export function evaluateRule(rule: NftRule, ctx: RuleContext): NftRule {
	let variables = false;
	visitStmts(rule.stmts, (stmt) => {
		forEachStmtExpr(stmt, (expr) => {
			variables ||= hasVariable(expr);
		});
	});
	// Rebuild the statements only when a variable is there to expand.
	const stmts = variables
		? rule.stmts.map((stmt) =>
				mapStmt(stmt, (e) =>
					e.kind === "variable"
						? substituteVariables(e, ctx, stmt.origin ?? rule.origin)
						: e,
				),
			)
		: rule.stmts;
	visitStmts(stmts, (stmt) => checkStatement(stmt, ctx));
	return variables ? { ...rule, stmts } : rule;
}
