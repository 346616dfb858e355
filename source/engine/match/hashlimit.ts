/**
 * `-m hashlimit` (xt_hashlimit.c, revision 3): one token bucket per group of
 * packets, grouped by `--hashlimit-mode srcip,srcport,dstip,dstport` with
 * `--hashlimit-srcmask/dstmask`. `--hashlimit-upto` matches while the group
 * is within the rate, `--hashlimit-above` once it exceeds it. Groups idle for
 * `--hashlimit-htable-expire` ms start again full; without it libxt_hashlimit
 * sets the rate's unit (1 s for /sec, 60 s for /min, ...; byte rates 15 s, or
 * 60 s with a burst), which is also why iptables-save omits it then. Byte
 * rates (`kb/s`) are modelled as a plain byte bucket, not the kernel's chunk
 * units.
 */
import { maskAddress } from "../net/ip-network.js";
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
	/** The expiry libxt_hashlimit sets without the option (ms): the rate's unit. */
	readonly quantum: number;
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

/** XT_HASHLIMIT_BYTE_EXPIRE and XT_HASHLIMIT_BYTE_EXPIRE_BURST, in seconds. */
const byteExpire = { plain: 15, burst: 60 };

/** A rate, and the seconds of its unit: libxt_hashlimit's default expiry. */
function parseLimit(
	text: string,
): { avg: number; bytes: boolean; unitSeconds: number } | undefined {
	const bytes = /^(\d+)(b|kb|mb)\/s$/i.exec(text);
	if (bytes)
		return {
			avg: Number(bytes[1]) * (byteUnits[(bytes[2] ?? "b").toLowerCase()] ?? 1),
			bytes: true,
			unitSeconds: byteExpire.plain,
		};
	const rate = parseRate(text);
	const avg = rate && rateToAvg(rate, scale);
	return avg ? { avg, bytes: false, unitSeconds: rate.seconds } : undefined;
}

function parse(
	options: Parameters<MatchModule<HashlimitData>["parse"]>[0],
	context: Parameters<MatchModule<HashlimitData>["parse"]>[1],
) {
	const diagnostics: ModuleDiagnostic[] = [];
	// libxt_hashlimit's masks default to (and stop at) the family's width.
	const full = context.family === "ipv6" ? 128 : 32;
	let data: HashlimitData = {
		name: "",
		above: false,
		avg: 0,
		bytes: false,
		burst: 5,
		mode: [],
		srcmask: full,
		dstmask: full,
		expire: 0,
		quantum: 1000,
	};
	let unitSeconds = 1;
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
			else {
				data = { ...data, avg: limit.avg, bytes: limit.bytes };
				data = { ...data, above: key === "above" };
				unitSeconds = limit.unitSeconds;
			}
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
			const value = parseDecimal(
				text,
				key.endsWith("mask") ? full : 0xffffffff,
			);
			if (value === undefined) bad();
			else
				data = { ...data, [key === "htable-expire" ? "expire" : key]: value };
		}
	}
	const burst =
		data.bytes && options.some((o) => o.name === "--hashlimit-burst");
	data = { ...data, quantum: (burst ? byteExpire.burst : unitSeconds) * 1000 };
	if (!options.some((o) => o.name === "--hashlimit-htable-expire"))
		data = { ...data, expire: data.quantum };
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
	const packet = context.packet;
	const part = (m: string) =>
		m === "srcip"
			? maskAddress(packet.src, data.srcmask)
			: m === "dstip"
				? maskAddress(packet.dst, data.dstmask)
				: m === "srcport"
					? (packet.sport ?? 0)
					: (packet.dport ?? 0);
	return `hashlimit:${tableName(data, context)}:${data.mode.map((m) => `${m}=${part(m)}`).join(",")}`;
}

/**
 * The kernel keeps one set of hashlimit tables per family
 * (htable_find_get by name and family): the IPv4 and IPv6 tables of one
 * name are apart. IPv4 keys keep their old spelling.
 */
function tableName(data: HashlimitData, context: MatchContext): string {
	return familyTable(data.name, context.packet.family ?? "ipv4");
}

function familyTable(name: string, family: "ipv4" | "ipv6"): string {
	return family === "ipv6" ? `${name}/ipv6` : name;
}

/**
 * Rules naming the same `--hashlimit-name` share one kernel table, and the
 * table keeps the configuration of the rule that created it (mode, masks,
 * rate, burst, expiry); each rule only brings its own upto/above. The first
 * rule loaded with the name creates it (`sharedTable`); without loaded
 * rules, the first to be evaluated stands for it.
 */
function tableConfig(
	data: HashlimitData,
	context: MatchContext,
): HashlimitData {
	const key = `hashlimit-table:${tableName(data, context)}`;
	const loaded = context.loadedTable?.(key) as HashlimitData | undefined;
	if (loaded) return { ...loaded, above: data.above };
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
	sharedTable: (data, family) => ({
		key: `hashlimit-table:${familyTable(data.name, family)}`,
		config: data,
	}),
	name: "hashlimit",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse,
	evaluate,
	describe: (data) =>
		`limit: ${data.above ? "above" : "up to"} ${describeRate(data)} burst ${data.burst} mode ${data.mode.join("-")}${data.expire !== data.quantum ? ` htable-expire ${data.expire}` : ""}`,
};
