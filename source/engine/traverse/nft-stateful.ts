/**
 * nft's stateful statements whose state lives across packets: `limit`
 * (nft_limit.c: a token bucket in nanoseconds, full when the rule is
 * loaded, packet limits with a burst of 5 unless given) and `quota`
 * (nft_quota.c: bytes consumed so far; over once the total reaches the
 * quota). Each returns true when the rule goes on, false when it breaks.
 * The state is kept per rule in the replay's rule state.
 */
import type { NftObject, NftStmt } from "../nft/model.js";
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

/**
 * nft_quota: the packet's bytes are consumed, then the rule breaks once over
 * (or until over, inverted). Over means more than the quota: 6.18 lets the
 * packet that reaches it exactly through (recorded: nft-limit-quota packet
 * 19, `quota until 56 bytes` matching a second 28-byte packet).
 */
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
	const over = consumed > quota;
	return over === stmt.inv;
}

/**
 * The quota a named quota object holds: from `nft -j` (`bytes`, `used`,
 * `inv`) or from the text form (`over 100 mbytes used 10 mbytes`).
 */
export function quotaOfObject(
	object: NftObject,
): Extract<NftStmt, { kind: "quota" }> | undefined {
	const a = object.attributes;
	if (a["bytes"] !== undefined)
		return {
			kind: "quota",
			bytes: Number(a["bytes"]) || 0,
			unit: "bytes",
			inv: a["inv"] === "true",
			...(a["used"] === undefined ? {} : { used: Number(a["used"]) || 0 }),
		};
	const text = Object.entries(a).flat().join(" ");
	const found =
		/(over|until)?\s*(\d+)\s+(\w+)(?:\s+used\s+(\d+)\s+(\w+))?/.exec(text);
	if (!found) return undefined;
	const [, mode, bytes, unit, used, usedUnit] = found;
	return {
		kind: "quota",
		bytes: Number(bytes),
		unit: unit ?? "bytes",
		inv: mode === "over",
		...(used === undefined
			? {}
			: { used: Number(used), usedUnit: usedUnit ?? "bytes" }),
	};
}
