/**
 * `-m hashlimit` (xt_hashlimit.c, revision 3): one token bucket per group of
 * packets, grouped by `--hashlimit-mode srcip,srcport,dstip,dstport` with
 * `--hashlimit-srcmask/dstmask`. `--hashlimit-upto` matches while the group
 * is within the rate, `--hashlimit-above` once it exceeds it. Groups idle for
 * `--hashlimit-htable-expire` ms (default 10000) start again full. Byte rates
 * (`kb/s`) are modelled as a plain byte bucket, not the kernel's chunk units.
 */
import type { Packet4 } from "../model/packet.js";
import { prefixToMask } from "../net/ipv4.js";
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	moduleError,
	type OptionSpecs,
	optionError,
	parseDecimal,
	splitList,
} from "./option-values.js";
import {
	formatAvg,
	HZ,
	jiffiesAt,
	parseRate,
	pow2Below,
	rateToAvg,
} from "./rate.js";
import type { MatchContext, MatchModule, MatchOutcome } from "./types.js";

/** XT_HASHLIMIT_SCALE_v2. */
const scale = 1_000_000;
const cpj = pow2Below(0xffffffffffffffffn / BigInt(HZ * 86400));
const perUser = (BigInt(HZ) * cpj) / BigInt(scale);

export type HashlimitData = {
	readonly name: string;
	readonly above: boolean;
	/** Packet mode: 1/1000000 s per packet; byte mode: bytes per second. */
	readonly avg: number;
	readonly bytes: boolean;
	readonly burst: number;
	readonly mode: readonly ("srcip" | "srcport" | "dstip" | "dstport")[];
	readonly srcmask: number;
	readonly dstmask: number;
	/** Milliseconds. */
	readonly expire: number;
};

const names = [
	"upto",
	"above",
	"burst",
	"mode",
	"srcmask",
	"dstmask",
	"name",
	"htable-size",
	"htable-max",
	"htable-expire",
	"htable-gcinterval",
	"rate-match",
	"rate-interval",
];
const specs: OptionSpecs = {
	"--hashlimit": { arity: 1, alias: "--hashlimit-upto" },
	...Object.fromEntries(
		names.map((n) => [
			`--hashlimit-${n}`,
			{ arity: n === "rate-match" ? 0 : 1 },
		]),
	),
};

const byteUnits: Readonly<Record<string, number>> = {
	b: 1,
	kb: 1024,
	mb: 1024 * 1024,
};

function parseLimit(text: string): { avg: number; bytes: boolean } | undefined {
	const bytes = /^(\d+)(b|kb|mb)\/s$/i.exec(text);
	if (bytes)
		return {
			avg: Number(bytes[1]) * (byteUnits[(bytes[2] ?? "b").toLowerCase()] ?? 1),
			bytes: true,
		};
	const rate = parseRate(text);
	const avg = rate && rateToAvg(rate, scale);
	return avg ? { avg, bytes: false } : undefined;
}

function parse(options: Parameters<MatchModule<HashlimitData>["parse"]>[0]) {
	const diagnostics: ModuleDiagnostic[] = [];
	let data: HashlimitData = {
		name: "",
		above: false,
		avg: 0,
		bytes: false,
		burst: 5,
		mode: [],
		srcmask: 32,
		dstmask: 32,
		expire: 10000,
	};
	for (const option of checkOptions(options, specs, diagnostics)) {
		const text = option.args[0] ?? "";
		const key = option.name.slice(12);
		const bad = () =>
			diagnostics.push(
				optionError(option, `bad value "${text}" for ${option.name}`),
			);
		if (key === "upto" || key === "above") {
			const limit = parseLimit(text);
			if (limit === undefined) bad();
			else data = { ...data, ...limit, above: key === "above" };
		} else if (key === "mode") {
			const mode = splitList(text);
			if (
				!mode.every((m) => ["srcip", "srcport", "dstip", "dstport"].includes(m))
			)
				bad();
			else data = { ...data, mode: mode as HashlimitData["mode"] };
		} else if (key === "name") data = { ...data, name: text };
		else if (
			key === "rate-match" ||
			key === "rate-interval" ||
			(key.startsWith("htable-") && key !== "htable-expire")
		)
			continue;
		else {
			const value = parseDecimal(text, key.endsWith("mask") ? 32 : 0xffffffff);
			if (value === undefined) bad();
			else
				data = { ...data, [key === "htable-expire" ? "expire" : key]: value };
		}
	}
	const column = firstColumn(options);
	if (data.name === "")
		diagnostics.push(
			moduleError(
				column,
				"hashlimit: option --hashlimit-name must be specified",
				"missing-option",
			),
		);
	if (data.avg === 0)
		diagnostics.push(
			moduleError(
				column,
				"hashlimit: option --hashlimit-upto or --hashlimit-above must be specified",
				"missing-option",
			),
		);
	return { data, diagnostics };
}

type Group = {
	readonly credit: string;
	readonly prev: number;
	readonly expires: number;
};

function groupKey(data: HashlimitData, context: MatchContext): string {
	// `evaluates` keeps IPv6 packets out.
	const packet = context.packet as Packet4;
	const part = (m: string) =>
		m === "srcip"
			? (packet.src & prefixToMask(data.srcmask)) >>> 0
			: m === "dstip"
				? (packet.dst & prefixToMask(data.dstmask)) >>> 0
				: m === "srcport"
					? (packet.sport ?? 0)
					: (packet.dport ?? 0);
	return `hashlimit:${data.name}:${data.mode.map((m) => `${m}=${part(m)}`).join(",")}`;
}

/**
 * Rules naming the same `--hashlimit-name` share one kernel table, and the
 * table keeps the configuration of the rule that created it (mode, masks,
 * rate, burst, expiry); each rule only brings its own upto/above. The first
 * rule to use a name here stands for the first one the kernel loaded.
 */
function tableConfig(
	data: HashlimitData,
	context: MatchContext,
): HashlimitData {
	const key = `hashlimit-table:${data.name}`;
	const existing = context.shared.get<HashlimitData>(key);
	if (existing) return { ...existing, above: data.above };
	context.shared.set<HashlimitData>(key, data);
	return data;
}

function evaluate(rule: HashlimitData, context: MatchContext): MatchOutcome {
	const data = tableConfig(rule, context);
	const now = jiffiesAt(context.time);
	const key = groupKey(data, context);
	const stored = context.shared.get<Group>(key);
	const fresh = stored === undefined || now >= stored.expires;
	const cost = data.bytes
		? BigInt(context.packet.length)
		: BigInt(data.avg) * perUser;
	const cap = data.bytes
		? BigInt(data.avg * Math.max(data.burst, 1))
		: BigInt(data.avg) * BigInt(data.burst) * perUser;
	let credit = fresh ? cap : BigInt(stored.credit);
	if (!fresh) {
		const delta = BigInt(now - stored.prev);
		credit += data.bytes
			? (delta * BigInt(data.avg)) / BigInt(HZ)
			: delta * cpj;
		if (credit > cap) credit = cap;
	}
	const within = credit >= cost;
	if (within) credit -= cost;
	context.shared.set<Group>(key, {
		credit: credit.toString(),
		prev: now,
		expires: now + Math.ceil((data.expire * HZ) / 1000),
	});
	const group = key.slice(key.indexOf(":", 10) + 1) || "all packets";
	const reason = `${group} ${within ? "within" : "over"} ${describeRate(data)}`;
	return within !== data.above
		? { result: "match", reason }
		: { result: "no-match", reason };
}

function describeRate(data: HashlimitData): string {
	return data.bytes ? `${data.avg}b/s` : formatAvg(data.avg, scale);
}

export const hashlimitMatch: MatchModule<HashlimitData> = {
	/** Addresses are read as IPv4 (IPv6 not modelled yet). */
	evaluates: ["ipv4"],
	name: "hashlimit",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse,
	evaluate,
	describe: (data) =>
		`limit: ${data.above ? "above" : "up to"} ${describeRate(data)} burst ${data.burst} mode ${data.mode.join("-")}${data.expire !== 10000 ? ` htable-expire ${data.expire}` : ""}`,
};
