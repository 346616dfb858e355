/**
 * Where the kernel lets a statement run: each expression's `validate`
 * callback (nft_nat_validate, nft_masq_validate, nft_redir_validate,
 * nft_reject_validate, nft_reject_bridge_validate, nft_fib_validate,
 * nft_flow_offload_validate) checks the chain type and the hooks of every
 * base chain that reaches it through jumps.
 */
import type { NftFamily, NftStmt } from "./model.js";
import { visitExpr } from "./walk.js";

export type StmtPlacement = {
	/** What the message calls it. */
	readonly name: string;
	/** The chain type required, if any. */
	readonly type?: string;
	/** The hooks allowed. */
	readonly hooks: readonly string[];
};

function natPlacement(stmt: Extract<NftStmt, { kind: "nat" }>): StmtPlacement {
	const hooks: Readonly<Record<typeof stmt.nat, readonly string[]>> = {
		snat: ["postrouting", "input"],
		dnat: ["prerouting", "output"],
		masquerade: ["postrouting"],
		redirect: ["prerouting", "output"],
	};
	return { name: stmt.nat, type: "nat", hooks: hooks[stmt.nat] };
}

/** The fib placements of the expressions a match reads. */
function fibPlacements(stmt: NftStmt): StmtPlacement[] {
	if (stmt.kind !== "match") return [];
	const found: StmtPlacement[] = [];
	visitExpr(stmt.left, (e) => {
		if (e.kind !== "fib") return;
		if (e.result !== "type")
			found.push({
				name: `fib ${e.result}`,
				hooks: ["prerouting", "input", "forward"],
			});
		else if (e.flags.includes("iif"))
			found.push({
				name: "fib iif",
				hooks: ["prerouting", "input", "forward"],
			});
		else if (e.flags.includes("oif"))
			found.push({
				name: "fib oif",
				hooks: ["output", "postrouting", "forward"],
			});
	});
	return found;
}

/** The constraints one statement puts on the base chains that reach it. */
export function placementsOf(
	stmt: NftStmt,
	family: NftFamily,
): StmtPlacement[] {
	switch (stmt.kind) {
		case "nat":
			return [natPlacement(stmt)];
		case "reject":
			if (family === "netdev" || family === "arp") return [];
			return [
				{
					name: "reject",
					hooks:
						family === "bridge"
							? ["prerouting", "input"]
							: ["prerouting", "input", "forward", "output"],
				},
			];
		case "flow-offload":
			return [{ name: "flow add", hooks: ["forward"] }];
		case "match":
			return fibPlacements(stmt);
		default:
			return [];
	}
}
