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

type Bounds = readonly [NftValue, NftValue] | undefined;

/** Bounds read from the rule's (or map element's) constants, by datatype: read once. */
const boundsRead = new WeakMap<NftExpr, Map<string, Bounds>>();

function bounds(expr: NftExpr | undefined, type: string): Bounds {
	if (!expr) return undefined;
	let byType = boundsRead.get(expr);
	if (!byType) {
		byType = new Map();
		boundsRead.set(expr, byType);
	}
	if (byType.has(type)) return byType.get(type);
	const read = elementBound(expr, type);
	const found: Bounds = !read
		? undefined
		: "exact" in read
			? [read.exact, read.exact]
			: read.bound;
	byType.set(type, found);
	return found;
}

/** The range nf_nat gets: addresses and ports when the statement gives them. */
function natRange(a: Bounds, p: Bounds, flags: readonly string[]): NatRange {
	const random = flags.includes("random");
	const randomFully = flags.includes("fully-random");
	const persistent = flags.includes("persistent");
	// One literal per shape: no spreads on the replay's hot path.
	if (a && p)
		return {
			minAddress: a[0],
			maxAddress: a[1],
			minPort: Number(p[0]),
			maxPort: Number(p[1]),
			random,
			randomFully,
			persistent,
		};
	if (a)
		return {
			minAddress: a[0],
			maxAddress: a[1],
			random,
			randomFully,
			persistent,
		};
	if (p)
		return {
			minPort: Number(p[0]),
			maxPort: Number(p[1]),
			random,
			randomFully,
			persistent,
		};
	return { random, randomFully, persistent };
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
	const range = natRange(a, p, stmt.flags ?? []);
	const [target, manip, addressFrom] = targets[stmt.nat];
	return { kind: "nat", manip, range, target, addressFrom };
}
