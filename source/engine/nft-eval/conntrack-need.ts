/**
 * Which nft expressions and statements make the kernel track connections:
 * those whose init calls nf_ct_netns_get (nft_ct get and set, nft_nat,
 * nft_masq, nft_redir, nft_flow_offload, nft_connlimit `ct count`). A
 * nat-type chain alone does not, nor `notrack`. Each kind declares it here
 * rather than the engine switching on names. An inet table asks for both
 * families.
 */
import type { NftExpr, NftRule, NftStmt } from "../nft/model.js";
import { stmtExprs, visitExpr, visitStmts } from "../nft/walk.js";
import type { NftHost } from "./nft-host.js";

type Need<T> = boolean | ((item: T) => boolean);

/** Expressions: `ct` loads conntrack fields. */
const expressionNeeds: Partial<Record<NftExpr["kind"], Need<NftExpr>>> = {
	ct: true,
};

/** Statements: NAT, offload, and writes to the connection (`ct mark set`). */
const statementNeeds: Partial<Record<NftStmt["kind"], Need<NftStmt>>> = {
	nat: true,
	"flow-offload": true,
	"ct-count": true,
	mangle: (stmt) => stmt.kind === "mangle" && stmt.key.kind === "ct",
};

function needs<T>(need: Need<T> | undefined, item: T): boolean {
	return typeof need === "function" ? need(item) : need === true;
}

function stmtNeeds(stmt: NftStmt): boolean {
	if (needs(statementNeeds[stmt.kind], stmt)) return true;
	let found = false;
	for (const expr of stmtExprs(stmt))
		visitExpr(expr, (e) => {
			found ||= needs(expressionNeeds[e.kind], e);
		});
	return found;
}

/** True when the rule makes the kernel track its table's connections. */
export function ruleNeedsConntrack(rule: NftRule): boolean {
	let use = false;
	visitStmts(rule.stmts, (stmt) => {
		use ||= stmtNeeds(stmt);
	});
	return use;
}

/** True when some nft rule makes the kernel track this family's connections (found by `prepareNft`). */
export function nftNeedsConntrack(
	host: NftHost | undefined,
	family: "ipv4" | "ipv6",
): boolean {
	return host?.conntrackFamilies.has(family) ?? false;
}
