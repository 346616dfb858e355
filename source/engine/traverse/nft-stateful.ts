/**
 * nft's stateful statements whose state lives across packets: `limit`
 * (nft_limit.c: a token bucket in nanoseconds, full when the rule is
 * loaded, packet limits with a burst of 5 unless given) and `quota`
 * (nft_quota.c: bytes consumed so far; over once the total reaches the
 * quota, bytes counted before the test). Each returns true when the rule goes on, false when it breaks.
 * The state is kept per rule in the replay's rule state.
 */
import type { NftStmt } from "../nft/model.js";
import type { Run } from "./run.js";

const unitSeconds: Readonly<Record<string, number>> = {
	second: 1,
	minute: 60,
	hour: 3600,
	day: 86400,
	week: 604800,
};

const byteUnits: Readonly<Record<string, number>> = {
	bytes: 1,
	kbytes: 1024,
	mbytes: 1024 * 1024,
};

type Bucket = { readonly tokens: number; readonly last: number };

/** nft_limit_eval: true when the packet is within the limit (or over it, inverted). */
export function nftLimit(
	run: Run,
	stmt: Extract<NftStmt, { kind: "limit" }>,
	scope: string,
): boolean {
	const nsecs = (unitSeconds[stmt.per] ?? 1) * 1e9;
	const bytes = stmt.rateUnit !== undefined;
	const rate = stmt.rate * (bytes ? (byteUnits[stmt.rateUnit ?? ""] ?? 1) : 1);
	if (rate <= 0) return !stmt.inv;
	const burst =
		(stmt.burst ?? 0) *
			(bytes ? (byteUnits[stmt.burstUnit ?? "bytes"] ?? 1) : 1) ||
		(bytes ? 0 : 5);
	const max = bytes
		? Math.floor((nsecs * (rate + burst)) / rate)
		: Math.floor(nsecs / rate) * burst;
	const cost = bytes
		? Math.floor((nsecs * run.packet.length) / rate)
		: Math.floor(nsecs / rate);
	const state = run.scopedState(scope);
	const now = run.time * 1e9;
	const bucket = state.get<Bucket>("bucket") ?? { tokens: max, last: now };
	const tokens = Math.min(max, bucket.tokens + Math.max(0, now - bucket.last));
	const within = tokens - cost >= 0;
	state.set<Bucket>("bucket", {
		tokens: within ? tokens - cost : tokens,
		last: now,
	});
	return within !== stmt.inv;
}

const quotaUnits: Readonly<Record<string, number>> = {
	bytes: 1,
	kbytes: 1024,
	mbytes: 1024 * 1024,
	gbytes: 1024 * 1024 * 1024,
};

/** nft_quota: the packet's bytes are consumed, then the rule breaks once over (or until over, inverted). */
export function nftQuota(
	run: Run,
	stmt: Extract<NftStmt, { kind: "quota" }>,
	scope: string,
): boolean {
	const quota = stmt.bytes * (quotaUnits[stmt.unit] ?? 1);
	const state = run.scopedState(scope);
	const used =
		state.get<number>("used") ??
		(stmt.used ?? 0) * (quotaUnits[stmt.usedUnit ?? "bytes"] ?? 1);
	const consumed = used + run.packet.length;
	state.set("used", consumed);
	// nft_overquota: over once the bytes consumed exceed the quota.
	const over = consumed > quota;
	return over === stmt.inv;
}
