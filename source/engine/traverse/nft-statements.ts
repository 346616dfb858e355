/**
 * nft statements other than matches and verdicts, as their kernel
 * expressions act: `counter` counts, `log` prints the nf_log line LOG
 * prints, `meta mark set` / `ct mark set` write marks, `notrack` untracks,
 * `reject` answers and drops, the NAT statements bind the connection (in a
 * nat chain: nf_nat asks it) and accept, `limit` and `quota` may break the
 * rule, `queue` hands the packet to userspace.
 */
import { formatLogLine } from "../format/log-line.js";
import { isIpv6 } from "../model/packet.js";
import type { HookName } from "../model/ruleset.js";
import { datatypeOf } from "../nft/expr-type.js";
import type { NftStmt } from "../nft/model.js";
import { constantValue } from "../nft-eval/datatypes.js";
import {
	evalKey,
	keyTypes,
	lookup,
	type NftScope,
} from "../nft-eval/eval-expr.js";
import type { PreparedTable } from "../nft-eval/nft-host.js";
import type { TargetEffect } from "../target/types.js";
import { applyNotrack, applyZoneTemplate } from "./ct-template.js";
import { offloadFlow } from "./flow-offload.js";
import type { NftChainOutcome } from "./nft-chain.js";
import { nftConnCount } from "./nft-connlimit.js";
import { updateSet } from "./nft-dynset.js";
import { natEffect } from "./nft-nat.js";
import { setPayload } from "./nft-payload-set.js";
import { rejectWith } from "./nft-reject-with.js";
import { nftLimit, nftQuota } from "./nft-stateful.js";
import type { Run } from "./run.js";
import { logDevices } from "./target-changes.js";
import type { NftPlace } from "./trace-types.js";
import type { Devices } from "./walk-table.js";

/** Binds the connection for a NAT statement; false when the kernel drops instead. */
export type NatBinder = (
	effect: Extract<TargetEffect, { kind: "nat" }>,
) => boolean;

export type StatementWhere = {
	readonly place: NftPlace;
	readonly hook: HookName;
	readonly devices: Devices;
	readonly bindNat: NatBinder | undefined;
	readonly table: PreparedTable;
};

/** What a statement does to its rule: nothing (go on), break it, or end the chain. */
export type StatementEnd =
	| undefined
	| { readonly kind: "break"; readonly failed: string }
	| {
			readonly kind: "final";
			readonly verdict: "accept" | "drop" | "queue";
			readonly outcome: NftChainOutcome;
	  };

const logLevels: Readonly<Record<string, number>> = {
	emerg: 0,
	alert: 1,
	crit: 2,
	err: 3,
	warn: 4,
	notice: 5,
	info: 6,
	debug: 7,
};

function log(
	run: Run,
	stmt: Extract<NftStmt, { kind: "log" }>,
	where: StatementWhere,
) {
	if (stmt.group !== undefined) {
		run.step({
			kind: "note",
			text: `log group ${stmt.group}: a userspace logger (nflog) receives it, not the kernel log`,
		});
		return;
	}
	const flags = new Set(stmt.flags ?? []);
	const all = flags.has("all");
	const line = formatLogLine(
		run.packet,
		run.meta,
		logDevices(run, where.devices),
		{
			prefix: stmt.prefix ?? "",
			tcpSequence: all || flags.has("tcp sequence"),
			tcpOptions: all || flags.has("tcp options"),
			ipOptions: all || flags.has("ip options"),
			uid: all || flags.has("skuid"),
			macDecode: all || flags.has("ether"),
		},
	);
	run.logs.push(line);
	run.step({
		kind: "log",
		line,
		level: logLevels[stmt.level ?? "warn"] ?? 4,
		table: where.place.table,
		chain: where.place.chain,
		num: 0,
	});
}

function mangle(
	run: Run,
	stmt: Extract<NftStmt, { kind: "mangle" }>,
	scope: NftScope,
): StatementEnd {
	const target = stmt.key;
	let value = evalKey(scope, stmt.value);
	if (stmt.value.kind === "value")
		value = constantValue(stmt.value.value, datatypeOf(target));
	if (stmt.value.kind === "map") {
		const key = evalKey(scope, stmt.value.key);
		const data =
			key === undefined
				? undefined
				: lookup(scope, stmt.value.data, key, keyTypes(stmt.value.key));
		value =
			data?.kind === "value" ? constantValue(data.value, "mark") : undefined;
	}
	// A value that cannot be loaded (a map miss, a missing header) breaks the
	// rule; a constant always loads (`ip dscp set cs1`, `ct helper set "ftp"`).
	if (value === undefined && stmt.value.kind !== "value")
		return { kind: "break", failed: "the value to set cannot be loaded" };
	if (typeof value !== "number") {
		run.step({ kind: "note", text: "this set statement is not simulated" });
		return undefined;
	}
	if (target.kind === "meta" && target.key === "mark") {
		if (value !== run.meta.mark)
			run.rewrite("meta mark set", run.packet, { ...run.meta, mark: value });
		return undefined;
	}
	if (target.kind === "payload") {
		const after = setPayload(run.packet, target, value);
		if (after === "other-family")
			return { kind: "break", failed: "a header of the other family" };
		if (after) {
			run.rewrite(`${target.protocol} ${target.field} set`, after);
			return undefined;
		}
	}
	if (target.kind === "ct" && target.key === "zone") {
		applyZoneTemplate(run, {
			zone: value & 0xffff,
			...(target.dir === undefined ? {} : { zoneDirection: target.dir }),
		});
		return undefined;
	}
	if (target.kind === "ct" && target.key === "mark" && run.ct.entry) {
		run.updateEntry({ ...run.ct.entry, mark: value });
		run.step({
			kind: "note",
			text: `connection mark set to 0x${value.toString(16)}`,
		});
		return undefined;
	}
	run.step({ kind: "note", text: "this set statement is not simulated" });
	return undefined;
}

/** A `quota name "x"` reference read as the quota object it names. */
function namedQuota(
	stmt: Extract<NftStmt, { kind: "quota" }>,
	table: PreparedTable,
): Extract<NftStmt, { kind: "quota" }> {
	if (stmt.name === undefined) return stmt;
	const object = table.table.objects.find(
		(o) => o.type === "quota" && o.name === stmt.name,
	);
	const a = object?.attributes ?? {};
	return {
		kind: "quota",
		bytes: Number(a["bytes"] ?? 0),
		unit: a["unit"] ?? "bytes",
		inv: a["inv"] === "true",
		used: Number(a["used"] ?? 0),
	};
}

const stateKeys = new WeakMap<NftStmt, string>();

/**
 * Where a stateful statement keeps its state (limit, quota, ct count): per
 * statement, or per named object for every rule that names it. Built once
 * per statement: most statements never need it.
 */
function stateKey(stmt: NftStmt, place: NftPlace): string {
	let key = stateKeys.get(stmt);
	if (key === undefined) {
		key =
			stmt.kind === "quota" && stmt.name !== undefined
				? `nftobj|${place.family}|${place.table}|quota|${stmt.name}`
				: `nft|${place.family}|${place.table}|${stmt.origin?.path ?? `${stmt.origin?.line}:${stmt.origin?.column}`}`;
		stateKeys.set(stmt, key);
	}
	return key;
}

export function runNftStatement(
	run: Run,
	stmt: NftStmt,
	scope: NftScope,
	where: StatementWhere,
): StatementEnd {
	const scopeKey = stateKey(stmt, where.place);
	switch (stmt.kind) {
		case "counter":
			return undefined;
		case "log":
			log(run, stmt, where);
			return undefined;
		case "mangle":
			return mangle(run, stmt, scope);
		case "notrack":
			applyNotrack(run, "notrack");
			return undefined;
		case "limit":
			return nftLimit(run, stmt, scopeKey)
				? undefined
				: { kind: "break", failed: "over the limit" };
		case "ct-count":
			return nftConnCount(run, stmt, scopeKey)
				? undefined
				: { kind: "break", failed: "the connection count" };
		case "quota":
			return nftQuota(run, namedQuota(stmt, where.table), scopeKey)
				? undefined
				: { kind: "break", failed: "quota" };
		case "reject": {
			// nft adds `meta nfproto` to an icmp or icmpv6 reject in an inet table.
			const v6 = isIpv6(run.packet);
			if ((stmt.type === "icmp" && v6) || (stmt.type === "icmpv6" && !v6))
				return { kind: "break", failed: "reject for the other family" };
			const how = rejectWith(run, stmt);
			return {
				kind: "final",
				verdict: "drop",
				outcome: {
					kind: "drop",
					reason: `nft ${where.place.family} ${where.place.table} ${where.place.chain}: reject with ${how}`,
					reject: { with: how, place: where.place },
				},
			};
		}
		case "nat": {
			const effect = natEffect(run, stmt, scope);
			if (effect === "other-family") return undefined;
			if (!effect)
				return { kind: "break", failed: `${stmt.nat}: the map has no element` };
			if (!where.bindNat) {
				run.step({ kind: "note", text: `${stmt.nat}: not simulated here` });
				return undefined;
			}
			return where.bindNat(effect)
				? { kind: "final", verdict: "accept", outcome: { kind: "accept" } }
				: {
						kind: "final",
						verdict: "drop",
						outcome: {
							kind: "drop",
							reason: `${stmt.nat}: no address to map to`,
						},
					};
		}
		case "queue":
			return {
				kind: "final",
				verdict: "queue",
				outcome: {
					kind: "queue",
					queue: Number(stmt.num ?? 0) || 0,
					reason: "queued to userspace by nft",
				},
			};
		case "flow-offload":
			offloadFlow(run, stmt, where.table);
			return undefined;
		case "set-update":
			return updateSet(run, stmt, scope, where.table)
				? undefined
				: { kind: "break", failed: `@${stmt.set}: the element's limit` };
		case "unreadable": {
			// The reader reported it; the rule's outcome is then not known.
			const assumeMatch = run.options.unknownMatch === "assume-match";
			const text = `statement '${stmt.name}' could not be read: ${assumeMatch ? "assumed to do nothing" : "the rule is assumed not to match"}`;
			run.step({ kind: "note", text });
			return assumeMatch ? undefined : { kind: "break", failed: text };
		}
		case "xt":
			run.step({
				kind: "note",
				text: `iptables-nft ${stmt.type} ${stmt.name}: an xt expression, not simulated`,
			});
			return undefined;
		default:
			return undefined;
	}
}
