/**
 * IPv6 routes from `ip -j -6 route`, `ip -6 route` (the main table) or
 * `route -n -A inet6` (see `parse-route-n6.ts`). Never
 * throws: unreadable entries become warnings with their line.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Route6 } from "../model/host.js";
import { prefixToMask6 } from "../net/ipv6.js";
import { ipv6Bytes, ipv6TextOf, readIpv6Text } from "../net/ipv6-text.js";
import { DiagnosticSink, parseJsonArray } from "./host-diagnostics.js";
import { isRouteN6, parseRouteN6 } from "./parse-route-n6.js";

type JsonRoute6 = {
	type?: string;
	dst?: string;
	gateway?: string;
	dev?: string;
	metric?: number;
};

const routeTypes = new Set([
	"unicast",
	"blackhole",
	"unreachable",
	"prohibit",
	"local",
]);

/** `default`, `fd00:2::/64` or a bare address (/128), masked. */
function destinationOf(
	text: string,
): { destination: string; prefixLength: number } | undefined {
	if (text === "default")
		return { destination: ipv6TextOf(new Uint8Array(16)), prefixLength: 0 };
	const [address = "", length = "128"] = text.split("/");
	const read = readIpv6Text(address);
	const prefixLength = Number(length);
	if (read === undefined || !/^\d{1,3}$/.test(length) || prefixLength > 128)
		return undefined;
	const bytes = ipv6Bytes(read);
	const mask = prefixToMask6(prefixLength);
	for (let i = 0; i < 16; i++) bytes[i] = (bytes[i] ?? 0) & (mask[i] ?? 0);
	return { destination: ipv6TextOf(bytes), prefixLength };
}

function routeOf(fields: JsonRoute6): Route6 | string {
	const type = fields.type ?? "unicast";
	if (!routeTypes.has(type)) return `route type '${type}' is not read`;
	const dst = destinationOf(fields.dst ?? "");
	if (!dst) return `cannot read destination '${fields.dst ?? ""}'`;
	const gateway =
		fields.gateway === undefined ? undefined : readIpv6Text(fields.gateway);
	if (fields.gateway !== undefined && gateway === undefined)
		return `cannot read gateway '${fields.gateway}'`;
	return {
		type: type as Route6["type"],
		...dst,
		...(gateway === undefined ? {} : { gateway }),
		...(fields.dev === undefined ? {} : { device: fields.dev }),
		metric: fields.metric ?? 1024,
	};
}

/** One `ip -6 route` line as the JSON fields it stands for. */
function textFields(line: string): JsonRoute6 {
	const words = line.trim().split(/\s+/);
	const fields: JsonRoute6 = {};
	let at = 0;
	const first = words[0];
	if (first !== undefined && routeTypes.has(first)) {
		fields.type = first;
		at++;
	}
	fields.dst = words[at++] ?? "";
	for (; at < words.length; at++) {
		const word = words[at];
		const value = words[at + 1];
		if (word === "via" && value !== undefined) fields.gateway = value;
		else if (word === "dev" && value !== undefined) fields.dev = value;
		else if (word === "metric" && value !== undefined)
			fields.metric = Number(value);
	}
	return fields;
}

/** Reads `ip -j -6 route` (JSON), `ip -6 route` text or `route -n -A inet6`. */
export function parseIpRoute6(
	text: string,
	source: string,
): { routes: Route6[]; diagnostics: Diagnostic[] } {
	const sink = new DiagnosticSink(source);
	const routes: Route6[] = [];
	const take = (fields: JsonRoute6, line: number) => {
		const route = routeOf(fields);
		if (typeof route === "string")
			sink.add("warning", "bad-route", route, line);
		else routes.push(route);
	};
	if (isRouteN6(text)) {
		routes.push(...parseRouteN6(text, sink));
	} else if (text.trimStart().startsWith("[")) {
		const data = parseJsonArray(text, sink, "ip -j -6 route show");
		for (const entry of data ?? []) take(entry as JsonRoute6, 1);
	} else {
		text.split("\n").forEach((line, i) => {
			if (line.trim() !== "") take(textFields(line), i + 1);
		});
	}
	return { routes, diagnostics: sink.list };
}
