/**
 * `-m recent` (xt_recent.c): named lists of recently seen addresses, shared
 * by every rule that uses the same `--name` (default DEFAULT). `--set` adds
 * or refreshes and always matches; `--rcheck` tests; `--update` tests and
 * refreshes on a hit; `--remove` deletes and matches if listed. `--seconds`,
 * `--hitcount`, `--reap`, `--rttl`, `--rsource`/`--rdest` and `--mask` as in
 * the kernel; each list keeps the last 20 stamps per address (ip_pkt_list_tot)
 * and 200 addresses (ip_list_tot), evicting the least recently used. One
 * list holds both families (xt_recent's tables are found by name alone; an
 * entry is found by address and family), so ip6tables and iptables rules
 * with the same `--name` share it.
 */
import type { Ipv6Text } from "../model/packet.js";
import { formatAddress, type IpAddress } from "../net/address.js";
import { andMask } from "../net/ip-network.js";
import { parseIpv4 } from "../net/ipv4.js";
import { readIpv6Text } from "../net/ipv6-text.js";
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	moduleError,
	type OptionSpecs,
	optionError,
	parseDecimal,
} from "./option-values.js";
import { HZ, jiffiesAt } from "./rate.js";
import type { MatchContext, MatchModule, MatchOutcome } from "./types.js";

const maxStamps = 20;
const maxEntries = 200;

export type RecentData = {
	readonly name: string;
	readonly command: "set" | "rcheck" | "update" | "remove";
	readonly invert: boolean;
	readonly seconds: number;
	readonly hitcount: number;
	readonly reap: boolean;
	readonly rttl: boolean;
	readonly side: "source" | "dest";
	/** All ones of the rule's family by default. */
	readonly mask: IpAddress;
};

type Entry = {
	readonly addr: IpAddress;
	readonly ttl: number;
	readonly stamps: readonly number[];
};
/** Entries in LRU order, oldest first. */
type Table = readonly Entry[];

const specs: OptionSpecs = {
	"--set": { arity: 0, invert: true },
	"--rcheck": { arity: 0, invert: true },
	"--update": { arity: 0, invert: true },
	"--remove": { arity: 0, invert: true },
	"--seconds": { arity: 1 },
	"--hitcount": { arity: 1 },
	"--reap": { arity: 0 },
	"--rttl": { arity: 0 },
	"--name": { arity: 1 },
	"--rsource": { arity: 0 },
	"--rdest": { arity: 0 },
	"--mask": { arity: 1 },
};

const allOnes6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";

function parse(
	options: Parameters<MatchModule<RecentData>["parse"]>[0],
	context: Parameters<MatchModule<RecentData>["parse"]>[1],
) {
	const diagnostics: ModuleDiagnostic[] = [];
	const v6 = context.family === "ipv6";
	let data: RecentData = {
		name: "DEFAULT",
		command: "rcheck",
		invert: false,
		seconds: 0,
		hitcount: 0,
		reap: false,
		rttl: false,
		side: "source",
		mask: v6 ? allOnes6 : 0xffffffff,
	};
	let commands = 0;
	for (const option of checkOptions(options, specs, diagnostics)) {
		const text = option.args[0] ?? "";
		const name = option.name.slice(2);
		if (
			name === "set" ||
			name === "rcheck" ||
			name === "update" ||
			name === "remove"
		) {
			commands++;
			data = { ...data, command: name, invert: option.invert };
		} else if (name === "seconds" || name === "hitcount") {
			const value = parseDecimal(text, 0xffffffff);
			if (value === undefined)
				diagnostics.push(
					optionError(option, `bad value "${text}" for ${option.name}`),
				);
			else data = { ...data, [name]: value };
		} else if (name === "name") data = { ...data, name: text };
		else if (name === "mask") {
			const mask = v6 ? readIpv6Text(text) : parseIpv4(text);
			if (mask === undefined)
				diagnostics.push(optionError(option, `bad mask "${text}"`));
			else data = { ...data, mask };
		} else if (name === "reap" || name === "rttl")
			data = { ...data, [name]: true };
		else data = { ...data, side: name === "rdest" ? "dest" : "source" };
	}
	const column = firstColumn(options);
	if (commands !== 1)
		diagnostics.push(
			moduleError(
				column,
				"recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'",
				"invalid-value",
			),
		);
	if (data.reap && data.seconds === 0)
		diagnostics.push(
			moduleError(column, "recent: --reap needs --seconds", "invalid-value"),
		);
	return { data, diagnostics };
}

function packetTtl(context: MatchContext): number {
	const forwarded = context.outInterface !== "" && context.inInterface !== "";
	return context.packet.ttl + (forwarded ? 1 : 0);
}

/**
 * The 16-byte mask a list keeps (`t->mask`), from the first rule loaded
 * with its name: an IPv4 rule's mask fills the first 4 bytes and leaves
 * the rest all ones (libxt_recent's init), an IPv6 rule's gives IPv4
 * packets its first 4 bytes. Recorded: an IPv4 rule loaded first makes an
 * IPv6 rule's `--mask ffff:ffff:ffff:ffff::` count for nothing.
 */
type TableMask = { readonly ipv4: number; readonly ipv6: Ipv6Text };

function maskOf(data: RecentData): TableMask {
	if (typeof data.mask === "number") {
		const v4 = data.mask.toString(16).padStart(8, "0");
		return {
			ipv4: data.mask,
			ipv6: `${v4.slice(0, 4)}:${v4.slice(4)}:ffff:ffff:ffff:ffff:ffff:ffff`,
		};
	}
	const groups = data.mask.split(":");
	return {
		ipv4: Number.parseInt(`${groups[0]}${groups[1]}`, 16) >>> 0,
		ipv6: data.mask,
	};
}

function tableMask(data: RecentData, context: MatchContext): IpAddress {
	const table =
		(context.loadedTable?.(`recent:${data.name}`) as TableMask | undefined) ??
		maskOf(data);
	return context.packet.family === "ipv6" ? table.ipv6 : table.ipv4;
}

function evaluate(data: RecentData, context: MatchContext): MatchOutcome {
	const key = `recent:${data.name}`;
	const now = jiffiesAt(context.time);
	const raw = data.side === "dest" ? context.packet.dst : context.packet.src;
	const addr = andMask(raw, tableMask(data, context));
	const ttl = packetTtl(context);
	let table: Table = context.shared.get<Table>(key) ?? [];
	const index = table.findIndex(
		(e) => e.addr === addr && (!data.rttl || e.ttl === ttl),
	);
	const entry = table[index];
	const without = table.filter((_, i) => i !== index);
	const label = `${formatAddress(addr)} in ${data.name}`;
	const done = (hit: boolean, reason: string): MatchOutcome => {
		context.shared.set(key, table);
		return hit !== data.invert
			? { result: "match", reason }
			: { result: "no-match", reason };
	};
	if (entry === undefined) {
		if (data.command !== "set") return done(false, `${label}: not listed`);
		table = [
			...table.slice(table.length >= maxEntries ? 1 : 0),
			{ addr, ttl, stamps: [now] },
		];
		return done(true, `${label}: added`);
	}
	if (data.command === "set") {
		table = [
			...without,
			{ addr, ttl, stamps: [...entry.stamps, now].slice(-maxStamps) },
		];
		return done(true, `${label}: refreshed`);
	}
	if (data.command === "remove") {
		table = without;
		return done(true, `${label}: removed`);
	}
	const since = now - data.seconds * HZ;
	const recent = entry.stamps.filter(
		(s) => data.seconds === 0 || s >= since,
	).length;
	const hit = recent >= Math.max(data.hitcount, 1);
	if (data.reap)
		table = reapOldest(
			table,
			since,
			data.command === "update" ? entry : undefined,
		);
	if (data.command === "update" && hit !== data.invert) {
		const rest = table.filter((e) => e !== entry);
		table = [
			...rest,
			{ addr, ttl, stamps: [...entry.stamps, now].slice(-maxStamps) },
		];
	}
	return done(
		hit,
		`${label}: ${recent} hit(s)${data.seconds ? ` in ${data.seconds}s` : ""}${data.hitcount ? `, need ${data.hitcount}` : ""}`,
	);
}

/** recent_entry_reap: drop the least recently used entry when its last stamp is too old. */
function reapOldest(
	table: Table,
	since: number,
	keep: Entry | undefined,
): Table {
	const oldest = table[0];
	if (oldest === undefined || oldest === keep) return table;
	const last = oldest.stamps.at(-1) ?? 0;
	return last < since ? table.slice(1) : table;
}

export const recentMatch: MatchModule<RecentData> = {
	name: "recent",
	sharedTable: (data) => ({ key: `recent:${data.name}`, config: maskOf(data) }),
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse,
	evaluate,
	describe: (data) =>
		[
			`recent: ${data.invert ? "! " : ""}${{ set: "SET", rcheck: "CHECK", update: "UPDATE", remove: "REMOVE" }[data.command]}`,
			...(data.seconds ? [`seconds: ${data.seconds}`] : []),
			...(data.reap ? ["reap"] : []),
			...(data.hitcount ? [`hit_count: ${data.hitcount}`] : []),
			...(data.rttl ? ["TTL-Match"] : []),
			`name: ${data.name}`,
			`side: ${data.side}`,
			`mask: ${formatAddress(data.mask)}`,
		].join(" "),
};
