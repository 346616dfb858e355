/**
 * nft rules made ready to run, once per rule and on the first packet that
 * reaches them (nf_tables runs the expressions nft's evaluator built, not
 * the rule's text): a match is a compiled test, a verdict a constant end, a
 * verdict map a compiled key and lookup; other statements run as
 * nft-statements.ts has them. A chain's rules are compiled one by one as
 * packets reach them, so a ruleset of thousands of chains costs nothing
 * before it is used.
 */
import type {
	NftChain,
	NftRule,
	NftStmt,
	NftVerdictExpr,
} from "../nft/model.js";
import {
	compileKey,
	compileLookup,
	compileMatch,
} from "../nft-eval/compile-match.js";
import { keyTypes, type NftScope } from "../nft-eval/eval-expr.js";
import type { NftChainOutcome } from "./nft-chain.js";
import { runNftStatement, type StatementWhere } from "./nft-statements.js";
import type { Run } from "./run.js";

/** What one rule came to: no match, continue, or a verdict. */
export type RuleEnd =
	| { readonly kind: "break"; readonly failed: string }
	| { readonly kind: "continue" }
	| { readonly kind: "verdict"; readonly verdict: NftVerdictExpr }
	| {
			readonly kind: "final";
			readonly verdict: "accept" | "drop" | "queue";
			readonly outcome: NftChainOutcome;
	  };

/** One rule, compiled: runs its statements in order. */
export type CompiledRule = (
	run: Run,
	scope: NftScope,
	where: StatementWhere,
) => RuleEnd;

type CompiledStatement = (
	run: Run,
	scope: NftScope,
	where: StatementWhere,
) => RuleEnd | undefined;

const matchFailed: RuleEnd = { kind: "break", failed: "a match failed" };
const mapMissed: RuleEnd = {
	kind: "break",
	failed: "the verdict map has no element",
};
const continued: RuleEnd = { kind: "continue" };

function compileStatement(stmt: NftStmt): CompiledStatement {
	switch (stmt.kind) {
		case "match": {
			const test = compileMatch(stmt);
			return (_run, scope) => (test(scope) ? undefined : matchFailed);
		}
		case "verdict": {
			const end: RuleEnd = { kind: "verdict", verdict: stmt.verdict };
			return () => end;
		}
		case "vmap": {
			const load = compileKey(stmt.key);
			const find = compileLookup(stmt.data, keyTypes(stmt.key));
			return (_run, scope) => {
				const key = load(scope);
				const data = key === undefined ? undefined : find(scope, key);
				return data?.kind === "verdict"
					? { kind: "verdict", verdict: data }
					: mapMissed;
			};
		}
		default:
			return (run, scope, where) => runNftStatement(run, stmt, scope, where);
	}
}

function compileRule(rule: NftRule): CompiledRule {
	const stmts = rule.stmts.map(compileStatement);
	return (run, scope, where) => {
		for (const stmt of stmts) {
			const end = stmt(run, scope, where);
			if (end) return end;
		}
		return continued;
	};
}

/** A chain's rules, each compiled when a packet first reaches it. */
export class CompiledChain {
	private readonly rules: (CompiledRule | undefined)[];
	private readonly chain: NftChain;

	constructor(chain: NftChain) {
		this.chain = chain;
		this.rules = new Array(chain.rules.length);
	}

	/** The compiled rule at `position`; undefined past the chain's end. */
	rule(position: number): CompiledRule | undefined {
		const known = this.rules[position];
		if (known) return known;
		const rule = this.chain.rules[position];
		if (!rule) return undefined;
		const compiled = compileRule(rule);
		this.rules[position] = compiled;
		return compiled;
	}
}

const chains = new WeakMap<NftChain, CompiledChain>();

/** The chain's compiled form (one per loaded chain). */
export function compiledChain(chain: NftChain): CompiledChain {
	let compiled = chains.get(chain);
	if (!compiled) {
		compiled = new CompiledChain(chain);
		chains.set(chain, compiled);
	}
	return compiled;
}
