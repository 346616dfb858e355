/**
 * Policy routing on real captures from the shared corpus, read in place
 * (skipped visibly when the corpus is absent). Each expectation is worked
 * out by hand from the rule and table files.
 */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
	createHostView,
	parseHost,
	parseIpv4,
	type RouteOptions,
} from "../../source/engine/index.js";
import { corpusRoot } from "../corpus/corpus-files.js";
import { briefRoute } from "../helpers/route-brief.js";

/**
 * A corpus file's text, or "" when absent: a skipped describe still runs its
 * body to collect the tests, and must not fail there.
 */
const read = (name: string) => {
	const file = join(corpusRoot, name);
	return existsSync(file) ? readFileSync(file, "utf8") : "";
};
const present = (...names: string[]) =>
	names.every((name) => existsSync(join(corpusRoot, name)));
const ip = (text: string) => parseIpv4(text) ?? 0;

/** `ip route show table NAME` output as `ip route show table all` would print it. */
const inTable = (text: string, table: string) =>
	text
		.split("\n")
		.filter((line) => line.trim() !== "")
		.map((line) => `${line.trimEnd()} table ${table}\n`)
		.join("");

const openlab = "realworld/openlab-augsburg-2016";
const openlabFiles = ["ip-addr", "ip-route", "ip-rule"].map(
	(f) => `${openlab}.${f}`,
);
const openlabTables = ["DSL", "KABEL", "FREIFUNK"];

describe.skipIf(
	!present(
		...openlabFiles,
		...openlabTables.map((t) => `${openlab}.ip-route-table-${t}`),
	),
)("openlab-augsburg-2016: fwmark picks the uplink", () => {
	const load = () => {
		const tables = openlabTables
			.map((t) => inTable(read(`${openlab}.ip-route-table-${t}`), t))
			.join("");
		return parseHost({
			addr: read(`${openlab}.ip-addr`),
			route: read(`${openlab}.ip-route`) + tables,
			rule: read(`${openlab}.ip-rule`),
		});
	};

	test("the files parse without warnings", () => {
		const { diagnostics, host } = load();
		expect(diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
		expect(host.rules?.map((r) => r.priority)).toEqual([
			0, 32763, 32764, 32765, 32766, 32767,
		]);
	});

	test.each([
		["1.2.3.4", 0, "tap20 via 10.11.79.129"], // main's default
		["1.2.3.4", 1, "eth4 via 192.168.179.1"], // DSL
		["1.2.3.4", 2, "eth5 via 192.168.178.1"], // KABEL
		["1.2.3.4", 3, "tap0 via 10.11.64.70"], // FREIFUNK: metric 0 beats br1's 1
		["1.2.3.4", 4, "tap20 via 10.11.79.129"], // no rule for mark 4
		["5.9.2.138", 0, "eth5 via 192.168.178.1"],
		["5.9.2.138", 1, "eth4 via 192.168.179.1"],
		// DSL has no connected routes: its default wins over main's br1 prefix
		["10.11.64.5", 1, "eth4 via 192.168.179.1"],
		["10.11.64.5", 0, "br1 via 10.11.64.5"],
		["192.168.0.38", 1, "local lo"], // the local rule comes first
	])("to %s with mark %i: %s", (dst, mark, expected) => {
		const view = createHostView(load().host);
		expect(briefRoute(view.route(ip(dst), { mark }))).toBe(expected);
	});
});

const tum = "realworld/tum-i8-fw-2016";

describe.skipIf(
	!present(
		...["ip-addr", "ip-route", "ip-rule", "ip-route-table500"].map(
			(f) => `${tum}.${f}`,
		),
	),
)("tum-i8-fw-2016: source prefixes use table 500, throw falls back", () => {
	const view = createHostView(
		parseHost({
			addr: read(`${tum}.ip-addr`),
			route:
				read(`${tum}.ip-route`) +
				inTable(read(`${tum}.ip-route-table500`), "500"),
			rule: read(`${tum}.ip-rule`),
		}).host,
	);

	test.each<[string, string, string, string]>([
		["185.86.232.10", "eth1.1025", "8.8.8.8", "eth1.1024 via 188.95.232.57"],
		["185.86.232.10", "eth1.1025", "131.159.14.5", "eth1.96 via 131.159.14.5"],
		[
			"185.86.232.10",
			"eth1.1025",
			"131.159.21.1",
			"eth1.1011 via 131.159.14.212",
		],
		["131.159.20.5", "eth1.109", "8.8.8.8", "eth1.110 via 131.159.252.149"],
		["188.95.232.200", "eth1.97", "188.95.236.7", "eth1.1023 via 188.95.236.7"],
		["188.95.232.200", "eth1.97", "131.159.15.9", "eth1.171 via 131.159.15.9"],
		["192.48.107.9", "eth1.1020", "10.0.0.1", "eth1.1024 via 188.95.232.57"],
	])("from %s in %s to %s: %s", (src, device, dst, expected) => {
		const options: RouteOptions = { source: ip(src), inInterface: device };
		expect(briefRoute(view.route(ip(dst), options))).toBe(expected);
	});
});

const k3s = "cni/k3s-1.30-flannel-kube-router-netbird-2026";

describe.skipIf(
	!present(...["ip-br-addr", "ip-route", "ip-rule"].map((f) => `${k3s}.${f}`)),
)("k3s netbird: suppress_prefixlength 0 and an inverted fwmark rule", () => {
	const parsed = parseHost({
		addr: read(`${k3s}.ip-br-addr`),
		route: read(`${k3s}.ip-route`),
		rule: read(`${k3s}.ip-rule`),
	});
	const view = createHostView(parsed.host);

	test("the netbird table was not captured, and that is said", () => {
		expect(parsed.diagnostics.map((d) => d.code)).toContain("empty-table");
	});

	test.each([
		["10.42.0.7", 0, "cni0 via 10.42.0.7"], // rule 105: a /24 is not suppressed
		["100.90.1.1", 0, "wt0 via 100.90.1.1"],
		// main's default is suppressed at 105, netbird is empty, main answers at 32766
		["8.8.8.8", 0, "eth0 via 192.168.1.1"],
		["8.8.8.8", 0x1bd00, "eth0 via 192.168.1.1"],
	])("to %s with mark %i: %s", (dst, mark, expected) => {
		expect(briefRoute(view.route(ip(dst), { mark }))).toBe(expected);
	});
});
