/**
 * nft expressions in libnftables' JSON schema (libnftables-json(5)) read
 * into the same model as the text: `{"payload": {...}}`, `{"meta": {...}}`,
 * `{"set": [...]}`, `"@name"` set references, `{"&": [a, b]}`... A shape the
 * schema does not have becomes a diagnostic at its JSON path.
 */
import type { NftBinop, NftExpr } from "./model.js";

/** Reports a problem at a JSON path (`$.nftables[3].rule.expr[0]`). */
export type JsonReport = (path: string, message: string) => void;

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The single key of a `{"kind": body}` object. */
export function singleKey(value: JsonObject): [string, unknown] | undefined {
	const keys = Object.keys(value);
	return keys.length === 1
		? [keys[0] as string, value[keys[0] as string]]
		: undefined;
}

const binops = new Set<string>(["&", "|", "^", "<<", ">>"]);
const verdicts = new Set([
	"accept",
	"drop",
	"continue",
	"return",
	"jump",
	"goto",
]);
const otherSelectors = new Set([
	"rt",
	"socket",
	"osf",
	"ipsec",
	"exthdr",
	"tcp option",
	"sctp chunk",
	"dccp option",
	"ip option",
]);

function str(value: unknown): string {
	return typeof value === "string" ? value : String(value ?? "");
}

function num(value: unknown): number {
	return typeof value === "number" ? value : Number(value ?? 0);
}

function primitive(value: string | number | boolean): NftExpr {
	if (typeof value === "string" && value.startsWith("@"))
		return { kind: "setref", name: value.slice(1) };
	if (typeof value === "string" && value.startsWith("$"))
		return { kind: "variable", name: value.slice(1) };
	return { kind: "value", value };
}

function elem(body: JsonObject, path: string, report: JsonReport): NftExpr {
	const value = jsonExpr(body["val"], `${path}.val`, report);
	const options = {
		...(body["timeout"] === undefined
			? {}
			: { timeout: `${str(body["timeout"])}s` }),
		...(body["expires"] === undefined
			? {}
			: { expires: `${str(body["expires"])}s` }),
		...(body["comment"] === undefined ? {} : { comment: str(body["comment"]) }),
		...(body["counter"] === undefined ? {} : { counter: true }),
	};
	return { kind: "elem", value, ...options };
}

/** A set element, `[key, data]` in a map. */
export function jsonElement(
	value: unknown,
	path: string,
	report: JsonReport,
): NftExpr {
	if (Array.isArray(value) && value.length === 2)
		return {
			kind: "mapping",
			key: jsonExpr(value[0], `${path}[0]`, report),
			data: jsonExpr(value[1], `${path}[1]`, report),
		};
	return jsonExpr(value, path, report);
}

function list(
	value: unknown,
	path: string,
	report: JsonReport,
	each = jsonExpr,
): NftExpr[] {
	if (!Array.isArray(value)) {
		report(path, "expected an array");
		return [];
	}
	return value.map((item, i) => each(item, `${path}[${i}]`, report));
}

/**
 * `{"tcp option": {name, field}}` and `{"exthdr": {name, field}}` as the text
 * spells them: `tcp option maxseg size`, `exthdr hbh` (presence), `rt type`.
 */
function headerOption(kind: string, body: JsonObject): NftExpr {
	const name = str(body["name"]);
	const field = body["field"] === undefined ? [] : [str(body["field"])];
	if (kind === "exthdr" && field.length > 0)
		return { kind: "selector", name, args: field };
	return { kind: "selector", name: kind, args: [name, ...field] };
}

function selector(kind: string, body: JsonObject): NftExpr | undefined {
	switch (kind) {
		case "payload":
			return body["base"] !== undefined
				? {
						kind: "raw-payload",
						base: str(body["base"]),
						offset: num(body["offset"]),
						len: num(body["len"]),
					}
				: {
						kind: "payload",
						protocol: str(body["protocol"]),
						field: str(body["field"]),
					};
		case "meta":
			return { kind: "meta", key: str(body["key"]) };
		case "ct": {
			const dir = body["dir"];
			const family = body["family"];
			return {
				kind: "ct",
				key: str(body["key"]),
				...(dir === "original" || dir === "reply" ? { dir } : {}),
				...(family === "ip" || family === "ip6" ? { family } : {}),
			};
		}
		case "fib": {
			const flags = body["flags"];
			return {
				kind: "fib",
				flags: Array.isArray(flags) ? flags.map(str) : [str(flags)],
				result: str(body["result"]),
			};
		}
		case "numgen":
			return {
				kind: "numgen",
				mode: body["mode"] === "inc" ? "inc" : "random",
				mod: num(body["mod"]),
				...(body["offset"] ? { offset: num(body["offset"]) } : {}),
			};
		default:
			return undefined;
	}
}

/** `{"&": [a, b]}`, `{"set": [...]}`, `{"concat": [...]}`, `{"range": [a, b]}`, verdicts. */
function listBodied(
	kind: string,
	body: unknown,
	at: string,
	report: JsonReport,
): NftExpr | undefined {
	if (binops.has(kind) && Array.isArray(body) && body.length === 2)
		return {
			kind: "binop",
			op: kind as NftBinop,
			left: jsonExpr(body[0], `${at}[0]`, report),
			right: jsonExpr(body[1], `${at}[1]`, report),
		};
	if (verdicts.has(kind)) {
		const target =
			isObject(body) && body["target"] !== undefined
				? { target: str(body["target"]) }
				: {};
		return { kind: "verdict", verdict: kind as "accept", ...target };
	}
	if (kind === "set")
		return {
			kind: "set",
			elements: Array.isArray(body)
				? list(body, at, report, jsonElement)
				: [jsonElement(body, at, report)],
		};
	if (kind === "concat")
		return { kind: "concat", parts: list(body, at, report) };
	if (kind === "range" && Array.isArray(body))
		return {
			kind: "range",
			from: jsonExpr(body[0], `${at}[0]`, report),
			to: jsonExpr(body[1], `${at}[1]`, report),
		};
	return undefined;
}

function hash(
	kind: "jhash" | "symhash",
	body: JsonObject,
	at: string,
	report: JsonReport,
): NftExpr {
	const expr = body["expr"]
		? { expr: jsonExpr(body["expr"], `${at}.expr`, report) }
		: {};
	const seed = body["seed"] !== undefined ? { seed: num(body["seed"]) } : {};
	const offset =
		body["offset"] !== undefined ? { offset: num(body["offset"]) } : {};
	return {
		kind: "hash",
		hash: kind,
		mod: num(body["mod"]),
		...expr,
		...seed,
		...offset,
	};
}

function compound(
	kind: string,
	body: unknown,
	path: string,
	report: JsonReport,
): NftExpr | undefined {
	const at = `${path}.${kind}`;
	const listed = listBodied(kind, body, at, report);
	if (listed || !isObject(body)) return listed;
	if (kind === "prefix")
		return {
			kind: "prefix",
			addr: jsonExpr(body["addr"], `${at}.addr`, report),
			len: num(body["len"]),
		};
	if (kind === "map")
		return {
			kind: "map",
			key: jsonExpr(body["key"], `${at}.key`, report),
			data: jsonExpr(body["data"], `${at}.data`, report),
		};
	if (kind === "elem") return elem(body, at, report);
	if (kind === "jhash" || kind === "symhash")
		return hash(kind, body, at, report);
	if (kind === "tcp option" || kind === "exthdr")
		return headerOption(kind, body);
	if (otherSelectors.has(kind))
		return {
			kind: "selector",
			name: kind,
			args: Object.entries(body).map(([k, v]) => `${k} ${str(v)}`),
		};
	return selector(kind, body);
}

/** Reads one JSON expression; unknown shapes are reported and read as their text. */
export function jsonExpr(
	value: unknown,
	path: string,
	report: JsonReport,
): NftExpr {
	if (
		typeof value === "string" ||
		typeof value === "number" ||
		typeof value === "boolean"
	)
		return primitive(value);
	if (Array.isArray(value))
		return { kind: "list", items: list(value, path, report) };
	if (isObject(value)) {
		const entry = singleKey(value);
		const expr = entry ? compound(entry[0], entry[1], path, report) : undefined;
		if (expr) return expr;
	}
	report(path, `Invalid expression: ${JSON.stringify(value)?.slice(0, 60)}`);
	return { kind: "value", value: "" };
}
