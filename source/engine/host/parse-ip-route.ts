/**
 * Routes from `ip -j route show`, `ip route show` text (any table, with route
 * types) or `route -n`. The form is detected from the content.
 */

import type { Mutable } from "../lib/mutable.js";
import type { Route, RouteType } from "../model/host.js";
import { parseIpv4, prefixToMask } from "../net/ipv4.js";
import {
	DiagnosticSink,
	parseCidr,
	parseJsonArray,
	splitWords,
} from "./host-diagnostics.js";
import { type JsonEntry, jsonEntries } from "./json-entry.js";
import { isRouteN, parseRouteN } from "./parse-route-n.js";
import { checkRoutes, type PlacedRoute } from "./route-checks.js";
import { isCustomTableName, tableIdOf } from "./route-tables.js";

type Scope = NonNullable<Route["scope"]>;

const routeTypes: readonly RouteType[] = [
	"unicast",
	"local",
	"broadcast",
	"multicast",
	"blackhole",
	"unreachable",
	"prohibit",
	"throw",
	"nat",
	"anycast",
];
const scopeNames: readonly Scope[] = [
	"global",
	"link",
	"host",
	"site",
	"nowhere",
];
/** Keywords of `ip route` that take one argument and do not matter here. */
const ignoredWithValue = new Set([
	"proto",
	"mtu",
	"advmss",
	"realm",
	"realms",
	"pref",
	"expires",
	"rtt",
	"rttvar",
	"window",
	"initcwnd",
	"initrwnd",
	"hoplimit",
	"features",
	"quickack",
	"congctl",
	"nhid",
	"tos",
	"dsfield",
	"ttl-propagate",
	"error",
	"uid",
]);
const ignoredFlags = new Set([
	"onlink",
	"linkdown",
	"dead",
	"pervasive",
	"offload",
	"trap",
	"notify",
	"cache",
	"rt_offload",
	"rt_trap",
]);

function tableId(text: string | number | undefined): number | undefined {
	return text === undefined ? 254 : tableIdOf(text);
}

function tableNameOf(
	text: string | number | undefined,
): { tableName: string } | Record<string, never> {
	return typeof text === "string" && isCustomTableName(text)
		? { tableName: text }
		: {};
}

function destination(
	text: string,
): { destination: number; prefixLength: number } | undefined {
	if (text === "default" || text === "0/0")
		return { destination: 0, prefixLength: 0 };
	const cidr = parseCidr(text, parseIpv4);
	if (!cidr) return undefined;
	return {
		destination: (cidr.address & prefixToMask(cidr.prefixLength)) >>> 0,
		prefixLength: cidr.prefixLength,
	};
}

function jsonRoute(r: JsonEntry, index: number): PlacedRoute | undefined {
	const dstText = r.string("dst");
	if (dstText?.includes(":")) return undefined;
	const dst = destination(dstText ?? "");
	const type = (r.string("type") ?? "unicast") as RouteType;
	const tableText = r.stringOrNumber("table");
	const table = tableId(tableText);
	if (!dst || !routeTypes.includes(type) || table === undefined) {
		r.error(
			"bad-route",
			`(${dstText ?? "no dst"}) is not an IPv4 route iptx can read`,
		);
		return undefined;
	}
	const route: Mutable<Route> = {
		type,
		...dst,
		metric: r.number("metric") ?? 0,
		table,
		...tableNameOf(tableText),
	};
	const gatewayText = r.string("gateway");
	const gateway =
		gatewayText === undefined ? undefined : parseIpv4(gatewayText);
	if (gatewayText !== undefined && gateway === undefined)
		r.error("bad-route-value", `cannot read gateway '${gatewayText}'`);
	if (gateway !== undefined) route.gateway = gateway;
	const dev = r.string("dev");
	if (dev !== undefined) route.device = dev;
	const prefsrcText = r.string("prefsrc");
	const prefsrc =
		prefsrcText === undefined ? undefined : parseIpv4(prefsrcText);
	if (prefsrc !== undefined) route.preferredSource = prefsrc;
	const scope = r.string("scope");
	if (scopeNames.includes(scope as Scope)) route.scope = scope as Scope;
	const onlink = (r.strings("flags") ?? []).includes("onlink");
	return { route, line: 1, where: `route ${index + 1}`, onlink };
}

function parseJson(text: string, sink: DiagnosticSink): PlacedRoute[] {
	const data = parseJsonArray(text, sink, "ip -j route show");
	if (data === undefined) return [];
	return jsonEntries(data, "route", sink).flatMap(
		(r, index) => jsonRoute(r, index) ?? [],
	);
}

function parseTextLine(
	line: string,
	lineNo: number,
	sink: DiagnosticSink,
): PlacedRoute | undefined {
	const words = splitWords(line);
	let k = 0;
	let type: RouteType = "unicast";
	if (routeTypes.includes(words[0]?.text as RouteType)) {
		type = words[0]?.text as RouteType;
		k = 1;
	}
	const dstWord = words[k];
	if (dstWord?.text.includes(":")) return undefined; // IPv6
	const dst = dstWord && destination(dstWord.text);
	if (!dstWord || !dst) {
		sink.add(
			"error",
			"bad-route",
			`cannot read destination '${dstWord?.text ?? ""}'`,
			lineNo,
			dstWord?.column ?? 1,
		);
		return undefined;
	}
	const route: Mutable<Route> = { type, ...dst, metric: 0, table: 254 };
	let onlink = false;
	for (k++; k < words.length; k++) {
		const word = words[k] as (typeof words)[number];
		const value = words[k + 1]?.text ?? "";
		const key = word.text;
		if (ignoredFlags.has(key)) {
			onlink ||= key === "onlink";
			continue;
		}
		const bad = () =>
			sink.add(
				"error",
				"bad-route-value",
				`bad value '${value}' for '${key}'`,
				lineNo,
				words[k + 1]?.column ?? word.column,
			);
		k++;
		if (key === "via") {
			const gw = parseIpv4(value === "inet" ? (words[++k]?.text ?? "") : value);
			if (gw === undefined) bad();
			else route.gateway = gw;
		} else if (key === "dev") route.device = value;
		else if (key === "src") {
			const src = parseIpv4(value);
			if (src === undefined) bad();
			else route.preferredSource = src;
		} else if (key === "metric" || key === "priority" || key === "preference") {
			if (/^\d+$/.test(value)) route.metric = Number(value);
			else bad();
		} else if (key === "scope") {
			if (scopeNames.includes(value as Scope)) route.scope = value as Scope;
			else if (/^\d+$/.test(value))
				route.scope =
					Number(value) === 0
						? "global"
						: Number(value) >= 254
							? "host"
							: "link";
			else bad();
		} else if (key === "table") {
			const id = tableId(value);
			if (id === undefined) bad();
			else {
				route.table = id;
				if (isCustomTableName(value)) route.tableName = value;
			}
		} else if (!ignoredWithValue.has(key)) {
			k--;
			sink.add(
				"info",
				"unknown-route-word",
				`ignoring '${key}'`,
				lineNo,
				word.column,
				key.length,
			);
		}
	}
	return { route, line: lineNo, where: "", onlink };
}

/** Which listing a text is, from its content. */
export function routeFormat(text: string): "json" | "route-n" | "ip-route" {
	const trimmed = text.trim();
	if (trimmed.startsWith("[")) return "json";
	return isRouteN(text) ? "route-n" : "ip-route";
}

/**
 * Parses a route listing (format detected by `routeFormat`). Routes keep
 * their table (254 main unless stated). Never throws.
 */
export function parseIpRoute(
	text: string,
	source = "ip-route",
	/** The host's interfaces, when known: routes out of others are errors. */
	devices?: ReadonlySet<string>,
): {
	routes: Route[];
	format: ReturnType<typeof routeFormat>;
	diagnostics: DiagnosticSink["list"];
} {
	const sink = new DiagnosticSink(source);
	const format = routeFormat(text);
	let placed: PlacedRoute[];
	if (format === "json") placed = parseJson(text.trim(), sink);
	else if (format === "route-n")
		placed = parseRouteN(text.split(/\r?\n/), sink);
	else {
		placed = [];
		text.split(/\r?\n/).forEach((line, i) => {
			if (line.trim() === "" || line.trim().startsWith("#")) return;
			const route = parseTextLine(line, i + 1, sink);
			if (route) placed.push(route);
		});
	}
	checkRoutes(placed, sink, {
		...(devices === undefined ? {} : { devices }),
		gateways: format !== "route-n",
	});
	return {
		routes: placed.map((p) => p.route),
		format,
		diagnostics: sink.list.sort((a, b) => a.line - b.line),
	};
}
