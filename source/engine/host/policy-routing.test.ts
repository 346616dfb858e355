import { describe, expect, test } from "vitest";
import { briefRoute } from "../../../test/helpers/route-brief.js";
import { parseIpv4 } from "../net/ipv4.js";
import type { RouteOptions } from "./host-view.js";
import { createHostView } from "./host-view-impl.js";
import { parseHost } from "./parse-host.js";

/**
 * A namespace on Linux 6.x (iproute2 6.1): `ip -br addr`, `ip route show
 * table all` and `ip rule show`. Every expectation below is what
 * `ip route get` answered there.
 */
const addr = `lo               UNKNOWN        127.0.0.1/8
d0@p0            UP             10.0.0.1/24
d1@p1            UP             10.1.0.1/24
p0@d0            UP
p1@d1            UP
`;
const routes = `default via 10.1.0.254 dev d1 table 100
blackhole 6.6.6.0/24 table 100
throw 8.8.8.0/24 table 100
unreachable 9.9.9.0/24 table 100
default via 10.0.0.254 dev d0
10.0.0.0/24 dev d0 proto kernel scope link src 10.0.0.1
10.1.0.0/24 dev d1 proto kernel scope link src 10.1.0.1
local 10.0.0.1 dev d0 table local proto kernel scope host src 10.0.0.1
broadcast 10.0.0.255 dev d0 table local proto kernel scope link src 10.0.0.1
local 10.1.0.1 dev d1 table local proto kernel scope host src 10.1.0.1
broadcast 10.1.0.255 dev d1 table local proto kernel scope link src 10.1.0.1
local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1
local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1
broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1
`;
const rules = `0:	from all lookup local
20:	not from all fwmark 0x5 goto 65
50:	from all to 7.7.7.7 lookup main suppress_prefixlength 0
60:	from all to 7.7.7.7 prohibit
65:	from all to 5.5.5.5 lookup 100
70:	from all iif p0 lookup 100
100:	from all fwmark 0x1/0xff lookup 100
200:	from 10.1.0.0/24 lookup 100
32766:	from all lookup main
32767:	from all lookup default
`;

const withRules = parseHost({ addr, route: routes, rule: rules });
const view = createHostView(withRules.host);
const ip = (text: string) => parseIpv4(text) ?? 0;

describe("route lookup through ip rules", () => {
	test("the inputs parse cleanly", () => {
		expect(withRules.diagnostics).toEqual([]);
		expect(withRules.host.rules).toHaveLength(10);
	});

	test.each([
		// fwmark steering: mark 1 (and 0x101, mask 0xff) use table 100
		["1.2.3.4", 0, "d0 via 10.0.0.254"],
		["1.2.3.4", 1, "d1 via 10.1.0.254"],
		["1.2.3.4", 0x101, "d1 via 10.1.0.254"],
		["1.2.3.4", 2, "d0 via 10.0.0.254"],
		// throw in table 100 falls through to main
		["8.8.8.8", 1, "d0 via 10.0.0.254"],
		// unreachable and blackhole routes in table 100 stop the lookup
		["9.9.9.9", 1, "unreachable"],
		["9.9.9.9", 0, "d0 via 10.0.0.254"],
		["6.6.6.6", 1, "blackhole"],
		// goto 65 (for marks other than 5) skips the prohibit rule; main's
		// default is suppressed by suppress_prefixlength 0
		["7.7.7.7", 5, "prohibit"],
		["7.7.7.7", 0, "d0 via 10.0.0.254"],
		["7.7.7.7", 1, "d1 via 10.1.0.254"],
		["5.5.5.5", 0, "d1 via 10.1.0.254"],
		["5.5.5.5", 5, "d1 via 10.1.0.254"],
		// the local rule comes first whatever the mark
		["10.0.0.1", 1, "local lo"],
	])("output to %s with mark %s: %s", (dst, mark, expected) => {
		expect(briefRoute(view.route(ip(dst), { mark }))).toBe(expected);
	});

	test.each<[string, RouteOptions, string]>([
		["1.2.3.4", { source: ip("10.1.0.1") }, "d1 via 10.1.0.254"],
		[
			"1.2.3.4",
			{ source: ip("10.1.0.5"), inInterface: "d0" },
			"d1 via 10.1.0.254",
		],
		[
			"1.2.3.4",
			{ source: ip("10.9.0.5"), inInterface: "p0" },
			"d1 via 10.1.0.254",
		],
		[
			"8.8.8.8",
			{ source: ip("10.9.0.5"), inInterface: "p0" },
			"d0 via 10.0.0.254",
		],
		[
			"1.2.3.4",
			{ source: ip("10.9.0.5"), inInterface: "d0" },
			"d0 via 10.0.0.254",
		],
		["10.0.0.1", { source: ip("10.9.0.5"), inInterface: "p0" }, "local lo"],
	])("to %s with %o: %s", (dst, options, expected) => {
		expect(briefRoute(view.route(ip(dst), options))).toBe(expected);
	});

	test("a decision from another table carries that route", () => {
		const decision = view.route(ip("1.2.3.4"), { mark: 1 });
		expect(decision.kind === "unicast" && decision.route.table).toBe(100);
		expect(decision.kind === "unicast" && decision.preferredSource).toBe(
			ip("10.1.0.1"),
		);
	});
});

describe("without ip rules", () => {
	const plain = parseHost({ addr, route: routes });
	const defaults = createHostView(plain.host);

	test("only local, main and default are looked up; the mark does not matter", () => {
		expect(plain.host.rules).toBeUndefined();
		for (const mark of [0, 1]) {
			expect(briefRoute(defaults.route(ip("1.2.3.4"), { mark }))).toBe(
				"d0 via 10.0.0.254",
			);
			expect(briefRoute(defaults.route(ip("9.9.9.9"), { mark }))).toBe(
				"d0 via 10.0.0.254",
			);
		}
		expect(briefRoute(defaults.route(ip("10.1.0.1")))).toBe("local lo");
	});

	test("the unused table is pointed out", () => {
		expect(plain.diagnostics.map((d) => d.code)).toEqual(["policy-tables"]);
	});

	test("the default table (253) answers after main", () => {
		const host = parseHost({
			route:
				"10.0.0.0/24 dev d0 src 10.0.0.1\ndefault via 10.0.0.9 dev d0 table default\n",
		});
		expect(briefRoute(createHostView(host.host).route(ip("1.1.1.1")))).toBe(
			"d0 via 10.0.0.9",
		);
	});
});

describe("rule actions and edge cases", () => {
	const host = (rule: string, route = routes) =>
		createHostView(parseHost({ addr, route, rule }).host);

	test.each([
		["0: from all lookup local\n", "1.2.3.4", "unreachable"],
		[
			"0: from all lookup local\n5: from all blackhole\n32766: from all lookup main\n",
			"1.2.3.4",
			"blackhole",
		],
		[
			"0: from all lookup local\n5: from all unreachable\n",
			"1.2.3.4",
			"unreachable",
		],
		[
			"0: from all lookup local\n5: from all nop\n32766: from all lookup main\n",
			"1.2.3.4",
			"d0 via 10.0.0.254",
		],
		[
			"0: from all lookup local\n5: from all goto 9\n32766: from all lookup main\n",
			"1.2.3.4",
			"d0 via 10.0.0.254",
		],
		[
			"0: from all lookup 42\n32766: from all lookup main\n",
			"10.0.0.1",
			"d0 via 10.0.0.1",
		],
		[
			"0: from all lookup main\n1: from all lookup local\n",
			"10.0.0.1",
			"d0 via 10.0.0.1",
		],
		[
			"1: from all iif lo lookup 100\n32766: from all lookup main\n",
			"1.2.3.4",
			"d1 via 10.1.0.254",
		],
		[
			"1: from all oif d1 lookup 100\n32766: from all lookup main\n",
			"1.2.3.4",
			"d0 via 10.0.0.254",
		],
		[
			"1: from all ipproto tcp lookup 100\n32766: from all lookup main\n",
			"1.2.3.4",
			"d0 via 10.0.0.254",
		],
	])("%j to %s: %s", (rule, dst, expected) => {
		expect(briefRoute(host(rule).route(ip(dst)))).toBe(expected);
	});

	test("rules looking up a table that has no routes are pointed out", () => {
		const { diagnostics } = parseHost({
			route: "default via 10.0.0.254 dev d0\n10.0.0.0/24 dev d0\n",
			rule: "0: from all lookup local\n9: from all fwmark 1 lookup 100\n32766: from all lookup main\n",
		});
		expect(diagnostics.map((d) => `${d.source} ${d.code}`)).toEqual([
			"ip-rule empty-table",
		]);
	});
});
