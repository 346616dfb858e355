/**
 * The statements with option lists: `limit rate [over] N/unit [burst N]`,
 * `quota [over|until] N unit [used N unit]` and `log [prefix ..] [level ..]
 * [group N] [snaplen N] [queue-threshold N] [flags ..]`.
 */
import type { NftStmt } from "./model.js";
import { NftSyntaxError, type TokenCursor } from "./token-cursor.js";

const timeUnits = new Set(["second", "minute", "hour", "day", "week"]);
const byteUnits = new Set(["bytes", "kbytes", "mbytes"]);

/** `N/second`, `N mbytes/second`, `N mbytes / second`. */
function rate(c: TokenCursor): {
	rate: number;
	per: string;
	rateUnit?: string;
} {
	const value = c.number();
	if (c.accept("/")) {
		const per = c.next();
		if (!timeUnits.has(per.text)) throw new NftSyntaxError(per);
		return { rate: value, per: per.text };
	}
	const unitToken = c.next();
	const [unit, slashPer] = unitToken.text.split("/");
	if (!byteUnits.has(unit ?? "")) throw new NftSyntaxError(unitToken);
	let per = slashPer;
	if (per === undefined) {
		c.expect("/");
		per = c.next().text;
	}
	if (!timeUnits.has(per)) throw new NftSyntaxError(unitToken);
	return { rate: value, per, rateUnit: unit as string };
}

export function parseLimit(c: TokenCursor): NftStmt {
	c.expect("rate");
	const inv = c.accept("over");
	const parsed = rate(c);
	let burst: number | undefined;
	let burstUnit: string | undefined;
	if (c.accept("burst")) {
		burst = c.number();
		const unit = c.peek();
		if (unit.text === "packets" || byteUnits.has(unit.text))
			burstUnit = c.next().text;
	}
	return {
		kind: "limit",
		...parsed,
		inv,
		...(burst === undefined ? {} : { burst }),
		...(burstUnit === undefined ? {} : { burstUnit }),
	};
}

function amount(c: TokenCursor): { value: number; unit: string } {
	const value = c.number();
	const unit = c.next();
	if (!byteUnits.has(unit.text)) throw new NftSyntaxError(unit);
	return { value, unit: unit.text };
}

export function parseQuota(c: TokenCursor): NftStmt {
	if (c.accept("name"))
		return {
			kind: "quota",
			bytes: 0,
			unit: "bytes",
			inv: false,
			name: c.name().text,
		};
	const inv = c.accept("over");
	if (!inv) c.accept("until");
	const { value, unit } = amount(c);
	if (!c.accept("used")) return { kind: "quota", bytes: value, unit, inv };
	const used = amount(c);
	return {
		kind: "quota",
		bytes: value,
		unit,
		inv,
		used: used.value,
		usedUnit: used.unit,
	};
}

/** The kernel's syslog levels nft accepts after `level`. */
const levels = new Set([
	"emerg",
	"alert",
	"crit",
	"err",
	"warn",
	"notice",
	"info",
	"debug",
	"audit",
]);

export function parseLog(c: TokenCursor): NftStmt {
	const log: {
		prefix?: string;
		level?: string;
		group?: number;
		snaplen?: number;
		queueThreshold?: number;
		flags?: string[];
	} = {};
	for (;;) {
		if (c.accept("prefix")) log.prefix = String(c.name().text);
		else if (c.accept("level")) {
			const level = c.next();
			if (!levels.has(level.text)) throw new NftSyntaxError(level);
			log.level = level.text;
		} else if (c.accept("group")) log.group = c.number();
		else if (c.accept("snaplen")) log.snaplen = c.number();
		else if (c.accept("queue-threshold")) log.queueThreshold = c.number();
		else if (c.accept("flags")) log.flags = logFlags(c);
		else break;
	}
	return { kind: "log", ...log };
}

/** `flags tcp sequence,options`, `flags ip options`, `flags skuid`, `flags all`. */
function logFlags(c: TokenCursor): string[] {
	const flags: string[] = [];
	do {
		const word = c.next().text;
		if (word === "tcp" || word === "ip") {
			do flags.push(`${word} ${c.next().text}`);
			while (c.accept(","));
		} else flags.push(word);
	} while (c.accept(","));
	return flags;
}
