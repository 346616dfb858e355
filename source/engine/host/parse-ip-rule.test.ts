import { describe, expect, test } from "vitest";
import { formatDiagnostic } from "../diagnostics.js";
import type { RoutingRule } from "../model/host.js";
import { formatIpv4 } from "../net/ipv4.js";
import { parseIpRule } from "./parse-ip-rule.js";
import { tableIdOf } from "./route-tables.js";

/** A compact spelling of a parsed rule, close to `ip rule show`. */
function show(rule: RoutingRule): string {
	const words = [`${rule.priority}:`];
	if (rule.invert) words.push("not");
	const cidr = (p: NonNullable<RoutingRule["from"]>) =>
		`${formatIpv4(p.address)}/${p.prefixLength}`;
	words.push(`from ${rule.from ? cidr(rule.from) : "all"}`);
	if (rule.to) words.push(`to ${cidr(rule.to)}`);
	if (rule.tos !== undefined) words.push(`tos ${rule.tos}`);
	if (rule.fwmark)
		words.push(
			`fwmark 0x${rule.fwmark.value.toString(16)}/0x${rule.fwmark.mask.toString(16)}`,
		);
	if (rule.iif) words.push(`iif ${rule.iif}`);
	if (rule.oif) words.push(`oif ${rule.oif}`);
	if (rule.uidRange)
		words.push(`uidrange ${rule.uidRange.from}-${rule.uidRange.to}`);
	if (rule.protocol !== undefined) words.push(`ipproto ${rule.protocol}`);
	const ports = (r: { from: number; to: number }) => `${r.from}-${r.to}`;
	if (rule.sourcePorts) words.push(`sport ${ports(rule.sourcePorts)}`);
	if (rule.destinationPorts)
		words.push(`dport ${ports(rule.destinationPorts)}`);
	const a = rule.action;
	if (a.kind === "lookup") words.push(`lookup ${a.tableName ?? a.table}`);
	else if (a.kind === "goto") words.push(`goto ${a.target}`);
	else words.push(a.kind);
	if (rule.suppressPrefixLength !== undefined)
		words.push(`suppress ${rule.suppressPrefixLength}`);
	return words.join(" ");
}

/** `ip rule show` from iproute2 6.1 on Linux, rules added in a namespace. */
const text = `0:	from all lookup local
98:	from all iif bogus0 [detached] lookup 7
99:	from all uidrange 100-200 unreachable
100:	not from 10.0.0.0/8 to 1.2.3.4 tos 0x10 fwmark 0x3/0xff iif lo ipproto tcp sport 5 dport 80-90 lookup 100 suppress_prefixlength 0
150:	from all oif eth0 [detached] goto 200 [unresolved]
160:	from 1.1.1.1 prohibit
170:	from all nop
180:	from all blackhole
1000:	from all lookup [l3mdev-table]
32766:	from all lookup main
32767:	from all lookup default
`;

/** The same rules from `ip -j -p rule show`. */
const json = `[ {"priority":0,"src":"all","table":"local"},
{"priority":98,"src":"all","iif":"bogus0","iif_detached":null,"table":"7"},
{"priority":99,"src":"all","uid_start":100,"uid_end":200,"action":"unreachable"},
{"priority":100,"not":null,"src":"10.0.0.0","srclen":8,"dst":"1.2.3.4","tos":"0x10","fwmark":"0x3","fwmask":"0xff","iif":"lo","ipproto":"tcp","sport":5,"dport_start":80,"dport_end":90,"table":"100","suppress_prefixlen":0},
{"priority":150,"src":"all","oif":"eth0","oif_detached":null,"goto":200,"unresolved":null},
{"priority":160,"src":"1.1.1.1","action":"prohibit"},
{"priority":170,"src":"all","nop":null},
{"priority":180,"src":"all","action":"blackhole"},
{"priority":1000,"src":"all","l3mdev":null},
{"priority":32766,"src":"all","table":"main"},
{"priority":32767,"src":"all","table":"default"} ]`;

const expected = [
	"0: from all lookup 255",
	"98: from all iif bogus0 lookup 7",
	"99: from all uidrange 100-200 unreachable",
	"100: not from 10.0.0.0/8 to 1.2.3.4/32 tos 16 fwmark 0x3/0xff iif lo ipproto 6 sport 5-5 dport 80-90 lookup 100 suppress 0",
	"150: from all oif eth0 goto 200",
	"160: from 1.1.1.1/32 prohibit",
	"170: from all nop",
	"180: from all blackhole",
	"1000: from all l3mdev",
	"32766: from all lookup 254",
	"32767: from all lookup 253",
];

describe("parseIpRule", () => {
	test.each([
		["text", text],
		["json", json],
	])("%s form", (_form, input) => {
		const { rules, diagnostics } = parseIpRule(input);
		expect(diagnostics).toEqual([]);
		expect(rules.map(show)).toEqual(expected);
	});

	test.each([
		[
			"32763:\tfrom all fwmark 0x3 lookup FREIFUNK",
			"32763: from all fwmark 0x3/0xffffffff lookup FREIFUNK",
		],
		[
			"105:    from all lookup main suppress_prefixlength 0",
			"105: from all lookup 254 suppress 0",
		],
		[
			"110:    not from all fwmark 0x1bd00 lookup netbird",
			"110: not from all fwmark 0x1bd00/0xffffffff lookup netbird",
		],
		[
			"32760:\tfrom 185.86.232.0/22 lookup 500",
			"32760: from 185.86.232.0/22 lookup 500",
		],
		[
			"5:\tfrom all to 10.1.2.3/16 dscp 4 lookup 9",
			"5: from all to 10.1.0.0/16 tos 16 lookup 9",
		],
		[
			"7:\tfrom all fwmark 0/0x1 lookup 9",
			"7: from all fwmark 0x0/0x1 lookup 9",
		],
	])("%s", (line, shown) => {
		const { rules, diagnostics } = parseIpRule(line);
		expect(diagnostics).toEqual([]);
		expect(rules.map(show)).toEqual([shown]);
	});

	test("rules come back by priority, listing order within one", () => {
		const { rules } = parseIpRule(
			"200: from all lookup 2\n100: from all lookup 1\n200: from all lookup 3\n",
		);
		expect(rules.map(show)).toEqual([
			"100: from all lookup 1",
			"200: from all lookup 2",
			"200: from all lookup 3",
		]);
	});

	test("named tables get the id route listings give the same name", () => {
		const [rule] = parseIpRule("1: from all lookup DSL").rules;
		expect(rule?.action).toEqual({
			kind: "lookup",
			table: tableIdOf("DSL"),
			tableName: "DSL",
		});
	});

	test("IPv6 rules are skipped", () => {
		expect(parseIpRule("0:\tfrom ::/0 lookup local").rules).toEqual([]);
	});

	test.each([
		[
			"x: from all lookup main",
			"ip-rule:1:1: error: expected `PRIORITY:` first [bad-rule]",
		],
		[
			"1:  from all fwmark zz lookup main",
			"ip-rule:1:21: error: bad value 'zz' for 'fwmark' [bad-rule-value]",
		],
		[
			"1:  from 10.0.0.0/40 lookup main",
			"ip-rule:1:10: error: bad value '10.0.0.0/40' for 'from' [bad-rule-value]",
		],
		[
			"1:  from all",
			"ip-rule:1:1: error: rule has no action (lookup, goto, nop, blackhole, unreachable, prohibit) [bad-rule]",
		],
		[
			"1:  from all frob lookup main",
			"ip-rule:1:14: info: ignoring 'frob' [unknown-rule-word]",
		],
	])("diagnostics: %s", (input, message) => {
		const { rules, diagnostics } = parseIpRule(input);
		expect(rules.length).toBeLessThanOrEqual(1);
		expect(diagnostics.map(formatDiagnostic)).toEqual([message]);
	});

	test("bad JSON is an error on line 1, not an exception", () => {
		const { rules, diagnostics } = parseIpRule("[{");
		expect(rules).toEqual([]);
		expect(diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`)).toEqual(
			["1 error bad-json"],
		);
	});
});
