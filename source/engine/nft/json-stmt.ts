/**
 * nft statements in libnftables' JSON schema (`"expr": [...]` of a rule):
 * `match`, verdicts, `counter`, `limit`, `quota`, `log`, `mangle`, NAT,
 * `reject`, `set` updates, `flow`, `xt`, read into the text's model.
 */

import {
	isObject,
	type JsonObject,
	type JsonReport,
	jsonExpr,
	singleKey,
} from "./json-expr.js";
import { statementFromText } from "./json-text-stmt.js";
import type { NftNatKind, NftStmt } from "./model.js";

function str(value: unknown): string {
	return typeof value === "string" ? value : String(value ?? "");
}

function optionalNumber(body: JsonObject, key: string): number | undefined {
	const value = body[key];
	return typeof value === "number" ? value : undefined;
}

function flagsOf(value: unknown): string[] | undefined {
	if (value === undefined) return undefined;
	return Array.isArray(value) ? value.map(str) : [str(value)];
}

function nat(
	kind: NftNatKind,
	body: unknown,
	at: string,
	report: JsonReport,
): NftStmt {
	if (!isObject(body)) return { kind: "nat", nat: kind };
	const family = body["family"];
	const flags = flagsOf(body["flags"]);
	const typeFlags = flagsOf(body["type_flags"]) ?? [];
	return {
		kind: "nat",
		nat: kind,
		...(family === "ip" || family === "ip6" ? { family } : {}),
		...(body["addr"] === undefined
			? {}
			: { addr: jsonExpr(body["addr"], `${at}.addr`, report) }),
		...(body["port"] === undefined
			? {}
			: { port: jsonExpr(body["port"], `${at}.port`, report) }),
		...(typeFlags.includes("interval")
			? {}
			: typeFlags.length > 0
				? { tuple: true }
				: {}),
		...(flags ? { flags } : {}),
	};
}

function limit(body: JsonObject): NftStmt {
	const rateUnit = body["rate_unit"];
	const burst = optionalNumber(body, "burst");
	const burstUnit = body["burst_unit"];
	return {
		kind: "limit",
		rate: optionalNumber(body, "rate") ?? 0,
		per: str(body["per"] ?? "second"),
		inv: body["inv"] === true,
		...(rateUnit === undefined || rateUnit === "packets"
			? {}
			: { rateUnit: str(rateUnit) }),
		...(burst === undefined || burst === 0 ? {} : { burst }),
		...(burstUnit === undefined ||
		burstUnit === "packets" ||
		burst === undefined ||
		burst === 0
			? {}
			: { burstUnit: str(burstUnit) }),
	};
}

function log(body: JsonObject): NftStmt {
	const level = body["level"];
	const flags = flagsOf(body["flags"]);
	return {
		kind: "log",
		...(body["prefix"] === undefined ? {} : { prefix: str(body["prefix"]) }),
		...(level === undefined ? {} : { level: str(level) }),
		...(optionalNumber(body, "group") === undefined
			? {}
			: { group: optionalNumber(body, "group") as number }),
		...(optionalNumber(body, "snaplen") === undefined
			? {}
			: { snaplen: optionalNumber(body, "snaplen") as number }),
		...(optionalNumber(body, "queue-threshold") === undefined
			? {}
			: { queueThreshold: optionalNumber(body, "queue-threshold") as number }),
		...(flags ? { flags } : {}),
	};
}

/** `{"set": {op, elem, set}}`, and a map's `{"map": {op, elem, data, map}}`. */
function setUpdate(body: JsonObject, at: string, report: JsonReport): NftStmt {
	const inner = body["stmt"];
	if (inner !== undefined && !Array.isArray(inner))
		report(`${at}.stmt`, "Unexpected object type in stmt");
	const op = body["op"];
	const data = body["data"];
	return {
		kind: "set-update",
		op: op === "update" || op === "delete" ? op : "add",
		set: str(body["set"] ?? body["map"]).replace(/^@/, ""),
		key: jsonExpr(body["elem"], `${at}.elem`, report),
		...(data === undefined
			? {}
			: { data: jsonExpr(data, `${at}.data`, report) }),
		stmts: Array.isArray(inner)
			? inner.map((s, i) => jsonStmt(s, `${at}.stmt[${i}]`, report))
			: [],
	};
}

type StmtReader = (body: JsonObject, at: string, report: JsonReport) => NftStmt;

const relops = ["==", "!=", "<", ">", "<=", ">=", "in", "!"];

function match(body: JsonObject, at: string, report: JsonReport): NftStmt {
	const op = str(body["op"] ?? "==");
	if (!relops.includes(op)) report(`${at}.op`, `Unknown relational op '${op}'`);
	const left = jsonExpr(body["left"], `${at}.left`, report);
	const right = jsonExpr(body["right"], `${at}.right`, report);
	return {
		kind: "match",
		op: relops.includes(op) ? (op as "==") : "==",
		left,
		right,
	};
}

function quota(body: JsonObject): NftStmt {
	const used = optionalNumber(body, "used");
	const usedPart = used
		? { used, usedUnit: str(body["used_unit"] ?? "bytes") }
		: {};
	return {
		kind: "quota",
		bytes: optionalNumber(body, "val") ?? 0,
		unit: str(body["val_unit"] ?? "bytes"),
		inv: body["inv"] === true,
		...usedPart,
	};
}

function reject(body: JsonObject): NftStmt {
	const type =
		body["type"] === undefined
			? {}
			: {
					type:
						str(body["type"]) === "tcp reset"
							? ("tcp reset" as const)
							: (str(body["type"]) as "icmp"),
				};
	return {
		kind: "reject",
		...type,
		...(body["expr"] === undefined ? {} : { code: str(body["expr"]) }),
	};
}

function optionalFields(
	body: JsonObject,
	keys: readonly string[],
): Record<string, number> {
	const out: Record<string, number> = {};
	for (const key of keys) {
		const value = optionalNumber(body, key);
		if (value !== undefined) out[key] = value;
	}
	return out;
}

/** Statements whose JSON body is an object, by their key. */
const readers: Readonly<Record<string, StmtReader>> = {
	match,
	counter: (body) => ({
		kind: "counter",
		...optionalFields(body, ["packets", "bytes"]),
	}),
	mangle: (body, at, report) => ({
		kind: "mangle",
		key: jsonExpr(body["key"], `${at}.key`, report),
		value: jsonExpr(body["value"], `${at}.value`, report),
	}),
	vmap: (body, at, report) => ({
		kind: "vmap",
		key: jsonExpr(body["key"], `${at}.key`, report),
		data: jsonExpr(body["data"], `${at}.data`, report),
	}),
	limit,
	quota,
	"ct count": (body) => ({
		kind: "ct-count",
		count: optionalNumber(body, "val") ?? 0,
		inv: body["inv"] === true,
	}),
	log,
	reject,
	set: setUpdate,
	map: setUpdate,
	flow: (body) => ({
		kind: "flow-offload",
		flowtable: str(body["flowtable"]).replace(/^@/, ""),
	}),
	xt: (body) => ({
		kind: "xt",
		type:
			body["type"] === "match"
				? "match"
				: body["type"] === "watcher"
					? "watcher"
					: "target",
		name: str(body["name"]),
	}),
	queue: (body) => {
		const flags = flagsOf(body["flags"]);
		return {
			kind: "queue",
			...(body["num"] === undefined ? {} : { num: str(body["num"]) }),
			...(flags ? { flags } : {}),
		};
	},
};

function objectBody(
	kind: string,
	body: JsonObject,
	at: string,
	report: JsonReport,
): NftStmt | undefined {
	// Own keys only: `toString` is not a statement.
	return Object.hasOwn(readers, kind)
		? readers[kind]?.(body, at, report)
		: undefined;
}

function verdictOrNamed(kind: string, body: unknown): NftStmt | undefined {
	if (["accept", "drop", "continue", "return"].includes(kind))
		return {
			kind: "verdict",
			verdict: { kind: "verdict", verdict: kind as "accept" },
		};
	if ((kind === "jump" || kind === "goto") && isObject(body))
		return {
			kind: "verdict",
			verdict: { kind: "verdict", verdict: kind, target: str(body["target"]) },
		};
	if (kind === "notrack") return { kind: "notrack" };
	if (kind === "quota" && typeof body === "string")
		return { kind: "quota", bytes: 0, unit: "bytes", inv: false, name: body };
	// A bare `log` lists as `{"log": null}`.
	if (kind === "log" && body === null) return { kind: "log" };
	if (kind === "reject" || kind === "counter")
		return body === null
			? { kind }
			: typeof body === "string" && kind === "counter"
				? { kind, name: body }
				: undefined;
	if (kind === "ct helper")
		return {
			kind: "mangle",
			key: { kind: "ct", key: "helper" },
			value: { kind: "value", value: str(body) },
		};
	return undefined;
}

/** Reads one statement of a rule's `expr` array. */
export function jsonStmt(
	value: unknown,
	path: string,
	report: JsonReport,
): NftStmt {
	const fromText =
		typeof value === "string" ? statementFromText(value) : undefined;
	if (fromText) return fromText;
	const entry = isObject(value) ? singleKey(value) : undefined;
	if (!entry) {
		report(path, "Unexpected object type in stmt");
		return { kind: "unreadable", name: "?" };
	}
	const [kind, body] = entry;
	const at = `${path}.${kind}`;
	if (
		kind === "snat" ||
		kind === "dnat" ||
		kind === "masquerade" ||
		kind === "redirect"
	)
		return nat(kind, body, at, report);
	const simple = verdictOrNamed(kind, body);
	if (simple) return simple;
	const stmt = isObject(body) ? objectBody(kind, body, at, report) : undefined;
	if (stmt) return stmt;
	report(path, `Unknown statement object '${kind}'`);
	return { kind: "unreadable", name: kind };
}
