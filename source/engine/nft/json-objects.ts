/**
 * The ruleset objects of nft's JSON (`table`, `chain`, `rule`, `set`,
 * `map`, `element`, `flowtable`, stateful objects) read into the same
 * commands the text gives, so both forms load the same way.
 */
import type { NftCommand, NftTableRef } from "./commands.js";
import {
	isObject,
	type JsonObject,
	type JsonReport,
	jsonElement,
} from "./json-expr.js";
import { withPath } from "./json-locate.js";
import { jsonStmt } from "./json-stmt.js";
import type { NftFamily, NftOrigin, NftSet, NftStmt } from "./model.js";
import type { ChainHeader } from "./parse-blocks.js";

const families = new Set(["ip", "ip6", "inet", "arp", "bridge", "netdev"]);
const objectKinds = new Set([
	"counter",
	"quota",
	"limit",
	"ct helper",
	"ct timeout",
	"ct expectation",
	"secmark",
	"synproxy",
	"tunnel",
]);

type Origin = NftOrigin & { readonly path: string };

function str(value: unknown): string {
	return typeof value === "string" ? value : String(value ?? "");
}

function ref(body: JsonObject, key: "table" | "name"): NftTableRef {
	const family = str(body["family"]);
	return {
		family: (families.has(family) ? family : "ip") as NftFamily,
		table: str(body[key]),
	};
}

function typeText(value: unknown): string {
	return Array.isArray(value) ? value.map(str).join(" . ") : str(value);
}

function names(value: unknown): string[] | undefined {
	if (value === undefined) return undefined;
	return Array.isArray(value) ? value.map(str) : [str(value)];
}

function header(body: JsonObject, origin: Origin): ChainHeader {
	const prio = body["prio"];
	const devices = names(body["dev"] ?? body["devices"]);
	const policy = body["policy"];
	return {
		...(body["type"] === undefined ? {} : { type: str(body["type"]) }),
		...(body["hook"] === undefined ? {} : { hook: str(body["hook"]) }),
		...(prio === undefined
			? {}
			: {
					priority:
						typeof prio === "number"
							? { offset: prio, span: { ...origin, length: 1 } }
							: { name: str(prio), offset: 0, span: { ...origin, length: 1 } },
				}),
		...(devices ? { devices } : {}),
		...(policy === "accept" || policy === "drop" ? { policy } : {}),
		...(body["comment"] === undefined ? {} : { comment: str(body["comment"]) }),
	};
}

function handleOf(body: JsonObject): { handle?: number } {
	return typeof body["handle"] === "number" ? { handle: body["handle"] } : {};
}

function set(
	body: JsonObject,
	isMap: boolean,
	origin: Origin,
	report: JsonReport,
): NftSet {
	const elem = body["elem"];
	const flags = names(body["flags"]) ?? [];
	return {
		name: str(body["name"]),
		isMap,
		keyType: typeText(body["type"]),
		...(isMap ? { dataType: typeText(body["map"]) } : {}),
		flags,
		elements: Array.isArray(elem)
			? elem.map((e, i) => jsonElement(e, `${origin.path}.elem[${i}]`, report))
			: [],
		origin,
		...handleOf(body),
		...(body["timeout"] === undefined
			? {}
			: { timeout: `${str(body["timeout"])}s` }),
		...(body["gc-interval"] === undefined
			? {}
			: { gcInterval: `${str(body["gc-interval"])}s` }),
		...(typeof body["size"] === "number" ? { size: body["size"] } : {}),
		...(body["policy"] === undefined ? {} : { policy: str(body["policy"]) }),
		...(body["auto-merge"] === true ? { autoMerge: true } : {}),
		...(body["comment"] === undefined ? {} : { comment: str(body["comment"]) }),
	};
}

function rule(
	body: JsonObject,
	origin: Origin,
	report: JsonReport,
	insert: boolean,
): NftCommand {
	const expr = body["expr"];
	if (!Array.isArray(expr))
		report(`${origin.path}.expr`, "rule without an expr array");
	const stmts: NftStmt[] = (Array.isArray(expr) ? expr : []).map((s, i) => {
		const path = `${origin.path}.expr[${i}]`;
		// The statement is new and not yet shared: given its origin, not copied.
		const stmt: { origin?: NftOrigin } = jsonStmt(s, path, report);
		stmt.origin = { line: origin.line, column: origin.column, path };
		return stmt as NftStmt;
	});
	return {
		kind: "add-rule",
		...ref(body, "table"),
		chain: str(body["chain"]),
		chainOrigin: origin,
		rule: {
			stmts,
			origin,
			...handleOf(body),
			...(body["comment"] === undefined
				? {}
				: { comment: str(body["comment"]) }),
		},
		insert,
	};
}

type Reading = {
	readonly origin: Origin;
	readonly create: boolean;
	readonly insert: boolean;
	readonly report: JsonReport;
};

function commentOf(body: JsonObject): { comment?: string } {
	return body["comment"] === undefined ? {} : { comment: str(body["comment"]) };
}

function tableCommand(body: JsonObject, r: Reading): NftCommand {
	const { family, table } = ref(body, "name");
	const flags = names(body["flags"]);
	const attributes = {
		...handleOf(body),
		...(flags ? { flags } : {}),
		...commentOf(body),
	};
	return {
		kind: "add-table",
		create: r.create,
		table: { family, name: table, origin: r.origin, ...attributes },
	};
}

function chainCommand(body: JsonObject, r: Reading): NftCommand {
	const h = header(body, r.origin);
	const chain = {
		name: str(body["name"]),
		rules: [],
		origin: r.origin,
		...handleOf(body),
		...commentOf(body),
	};
	return {
		kind: "add-chain",
		...ref(body, "table"),
		chain,
		header: h,
		create: r.create,
	};
}

function elementCommand(body: JsonObject, r: Reading): NftCommand {
	const elem = body["elem"];
	const elements = Array.isArray(elem)
		? elem.map((e, i) =>
				jsonElement(e, `${r.origin.path}.elem[${i}]`, r.report),
			)
		: [];
	return {
		kind: "add-element",
		...ref(body, "table"),
		set: str(body["name"]),
		elements,
		origin: r.origin,
	};
}

function flowtableCommand(body: JsonObject, r: Reading): NftCommand {
	const prio = body["prio"];
	const flowtable = {
		name: str(body["name"]),
		hook: str(body["hook"]),
		priority: 0,
		devices: names(body["dev"]) ?? [],
		origin: r.origin,
		...handleOf(body),
	};
	const priority =
		typeof prio === "number"
			? { priority: { offset: prio, span: { ...r.origin, length: 1 } } }
			: {};
	return {
		kind: "add-flowtable",
		...ref(body, "table"),
		flowtable,
		...priority,
	};
}

function objectCommand(
	kind: string,
	body: JsonObject,
	r: Reading,
): NftCommand[] {
	if (!objectKinds.has(kind)) {
		r.report(r.origin.path, `Unknown object '${kind}'`);
		return [];
	}
	const attributes: Record<string, string> = {};
	for (const [key, value] of Object.entries(body))
		if (!["family", "table", "name", "handle"].includes(key))
			attributes[key] =
				typeof value === "object" ? JSON.stringify(value) : str(value);
	const object = {
		type: kind,
		name: str(body["name"]),
		attributes,
		origin: r.origin,
		...handleOf(body),
	};
	return [{ kind: "add-object", ...ref(body, "table"), object }];
}

/** The commands one JSON object stands for (`kind` is its key). */
export function jsonObjectCommand(
	kind: string,
	body: unknown,
	at: Origin,
	create: boolean,
	report: JsonReport,
	insert = false,
): NftCommand[] {
	const r: Reading = {
		origin: withPath(at, `${at.path}.${kind}`),
		create,
		insert,
		report,
	};
	if (!isObject(body)) {
		report(r.origin.path, `Unexpected ${kind} object`);
		return [];
	}
	switch (kind) {
		case "table":
			return [tableCommand(body, r)];
		case "chain":
			return [chainCommand(body, r)];
		case "rule":
			return [rule(body, r.origin, report, insert)];
		case "set":
		case "map":
			return [
				{
					kind: "add-set",
					...ref(body, "table"),
					set: set(body, kind === "map", r.origin, report),
					create,
				},
			];
		case "element":
			return [elementCommand(body, r)];
		case "flowtable":
			return [flowtableCommand(body, r)];
		default:
			return objectCommand(kind, body, r);
	}
}
