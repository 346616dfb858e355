/**
 * An nft NAT statement as the range nf_nat gets (nft_nat.c, nft_masq.c,
 * nft_redir.c): addresses and ports from constants, ranges, prefixes or a
 * map lookup (`dnat to ip daddr map @m`, `addr . port` tuples). In an inet
 * table a statement for the other family does nothing (nft_nat_inet_eval).
 */
import { isIpv6 } from "../model/packet.js";
import type { NftExpr, NftStmt } from "../nft/model.js";
import type { NftValue } from "../nft-eval/datatypes.js";
import {
	evalKey,
	keyTypes,
	lookup,
	type NftScope,
} from "../nft-eval/eval-expr.js";
import { elementBound } from "../nft-eval/set-index.js";
import type { NatRange, TargetEffect } from "../target/types.js";
import type { Run } from "./run.js";

type NatEffect = Extract<TargetEffect, { kind: "nat" }>;

/** Each nat statement's xtables twin, direction and address source (nat-station.ts). */
const targets = {
	snat: ["SNAT", "src", "range"],
	dnat: ["DNAT", "dst", "range"],
	masquerade: ["MASQUERADE", "src", "out-device"],
	redirect: ["REDIRECT", "dst", "in-device"],
} as const;

/** A map lookup's data, or the expression itself. */
function resolve(scope: NftScope, expr: NftExpr): NftExpr | undefined {
	if (expr.kind !== "map") return expr;
	const key = evalKey(scope, expr.key);
	if (key === undefined) return undefined;
	return lookup(scope, expr.data, key, keyTypes(expr.key)) ?? undefined;
}

function bounds(
	expr: NftExpr | undefined,
	type: string,
): readonly [NftValue, NftValue] | undefined {
	if (!expr) return undefined;
	const read = elementBound(expr, type);
	if (!read) return undefined;
	return "exact" in read ? [read.exact, read.exact] : read.bound;
}

export function natEffect(
	run: Run,
	stmt: Extract<NftStmt, { kind: "nat" }>,
	scope: NftScope,
): NatEffect | "other-family" | undefined {
	const v6 = isIpv6(run.packet);
	if (stmt.family !== undefined && (stmt.family === "ip6") !== v6)
		return "other-family";
	const addrType = v6 ? "ipv6_addr" : "ipv4_addr";
	let addr = stmt.addr ? resolve(scope, stmt.addr) : undefined;
	let port = stmt.port ? resolve(scope, stmt.port) : undefined;
	if (stmt.addr && !addr) return undefined;
	if (addr?.kind === "concat") {
		port = addr.parts[1];
		addr = addr.parts[0];
	}
	const a = bounds(addr, addrType);
	const p = bounds(port, "inet_service");
	const flags = new Set(stmt.flags ?? []);
	const range: NatRange = {
		...(a ? { minAddress: a[0], maxAddress: a[1] } : {}),
		...(p ? { minPort: Number(p[0]), maxPort: Number(p[1]) } : {}),
		random: flags.has("random"),
		randomFully: flags.has("fully-random"),
		persistent: flags.has("persistent"),
	};
	const [target, manip, addressFrom] = targets[stmt.nat];
	return { kind: "nat", manip, range, target, addressFrom };
}
