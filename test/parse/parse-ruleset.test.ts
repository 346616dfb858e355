import { describe, expect, test } from "vitest";
import { parseAndCheck } from "../../source/engine/check/check-ruleset.js";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import { parseRuleset } from "../../source/engine/parse/parse-ruleset.js";
import { filterHead, natHead, verdict } from "./helpers.js";

const F = filterHead;
const N = natHead;

describe("verdicts match iptables-legacy-restore 1.8.9 (recorded in a netns)", () => {
	test.each([
		["empty file", "", true],
		["comments only", "# hi\n", true],
		["blank lines", "\n\n", true],
		["simple", `${F}-A INPUT -j ACCEPT\nCOMMIT\n`, true],
		[
			"whitespace-only line in a table",
			`${F}   \n-A INPUT -j ACCEPT\nCOMMIT\n`,
			false,
		],
		["missing COMMIT", `${F}-A INPUT -j ACCEPT\n`, false],
		["rule before table", `-A INPUT -j ACCEPT\n${F}COMMIT\n`, false],
		["undeclared chain", `${F}-A FOO -j ACCEPT\nCOMMIT\n`, false],
		["jump to missing chain", `${F}-A INPUT -j FOO\nCOMMIT\n`, false],
		[
			"jump to chain declared later",
			`${F}-A INPUT -j FOO\n:FOO - [0:0]\nCOMMIT\n`,
			false,
		],
		["duplicate user chain", `${F}:FOO - [0:0]\n:FOO - [0:0]\nCOMMIT\n`, false],
		["built-in declared twice", `${F}:INPUT DROP [0:0]\nCOMMIT\n`, true],
		["policy on user chain", `${F}:FOO ACCEPT [0:0]\nCOMMIT\n`, false],
		["- on built-in chain", "*filter\n:INPUT - [0:0]\nCOMMIT\n", true],
		["FORWARD in nat", "*nat\n:FORWARD ACCEPT [0:0]\nCOMMIT\n", false],
		[
			"loop",
			`${F}:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n`,
			false,
		],
		[
			"unreachable loop",
			`${F}:A - [0:0]\n:B - [0:0]\n-A A -j B\n-A B -j A\nCOMMIT\n`,
			true,
		],
		[
			"goto loop",
			`${F}:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -g B\n-A B -g A\nCOMMIT\n`,
			false,
		],
		["self loop", `${F}:A - [0:0]\n-A INPUT -j A\n-A A -j A\nCOMMIT\n`, false],
		[
			"DNAT in filter",
			`${F}-A INPUT -p tcp -j DNAT --to-destination 1.2.3.4\nCOMMIT\n`,
			false,
		],
		[
			"MASQUERADE in PREROUTING",
			`${N}-A PREROUTING -j MASQUERADE\nCOMMIT\n`,
			false,
		],
		[
			"MASQUERADE reached from PREROUTING",
			`${N}:X - [0:0]\n-A PREROUTING -j X\n-A X -j MASQUERADE\nCOMMIT\n`,
			false,
		],
		[
			"MASQUERADE in unreachable chain",
			`${N}:X - [0:0]\n-A X -j MASQUERADE\nCOMMIT\n`,
			true,
		],
		[
			"-o in PREROUTING",
			`${N}-A PREROUTING -o eth0 -j ACCEPT\nCOMMIT\n`,
			false,
		],
		["-i in OUTPUT", `${F}-A OUTPUT -i eth0 -j ACCEPT\nCOMMIT\n`, false],
		[
			"-o in a user chain reached from PREROUTING",
			`${N}:X - [0:0]\n-A PREROUTING -j X\n-A X -o eth0 -j ACCEPT\nCOMMIT\n`,
			true,
		],
		[
			"tcp-reset without -p tcp",
			`${F}-A INPUT -j REJECT --reject-with tcp-reset\nCOMMIT\n`,
			false,
		],
		[
			"tcp-reset with ! -p tcp",
			`${F}-A INPUT ! -p tcp -j REJECT --reject-with tcp-reset\nCOMMIT\n`,
			false,
		],
		[
			"tcp-reset with -p tcp",
			`${F}-A INPUT -p tcp -j REJECT --reject-with tcp-reset\nCOMMIT\n`,
			true,
		],
		["bad address", `${F}-A INPUT -s 10.0.0.300 -j ACCEPT\nCOMMIT\n`, false],
		["bad mask", `${F}-A INPUT -s 10.0.0.3/33 -j ACCEPT\nCOMMIT\n`, false],
		[
			"dotted mask",
			`${F}-A INPUT -s 10.0.0.3/255.255.0.0 -j ACCEPT\nCOMMIT\n`,
			true,
		],
		[
			"inet_aton forms",
			`${F}-A INPUT -s 10.1 -j ACCEPT\n-A INPUT -s 0/0 -j ACCEPT\nCOMMIT\n`,
			true,
		],
		["DROP in nat", `${N}-A PREROUTING -j DROP\nCOMMIT\n`, false],
		[":PREROUTING DROP in nat", "*nat\n:PREROUTING DROP [0:0]\nCOMMIT\n", true],
		["-P PREROUTING DROP in nat", "*nat\n-P PREROUTING DROP\nCOMMIT\n", false],
		[
			"owner in INPUT",
			`${F}-A INPUT -m owner --uid-owner 0 -j ACCEPT\nCOMMIT\n`,
			false,
		],
		[
			"-m tcp without -p tcp",
			`${F}-A INPUT -m tcp --dport 22 -j ACCEPT\nCOMMIT\n`,
			false,
		],
		[
			"implicit tcp",
			`${F}-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`,
			true,
		],
		[
			"no such match",
			`${F}-A INPUT -m foobar --x 1 -j ACCEPT\nCOMMIT\n`,
			false,
		],
		["unknown option", `${F}-A INPUT --foo -j ACCEPT\nCOMMIT\n`, false],
		["no such table", "*filterx\nCOMMIT\n", false],
		["COMMIT outside a table", "COMMIT\n", false],
		["binary garbage", "\u0001\u0002abc\n", false],
		[
			"interface of 16 chars",
			`${F}-A INPUT -i abcdefghijklmnop -j ACCEPT\nCOMMIT\n`,
			false,
		],
		[
			"interface of 15 chars",
			`${F}-A INPUT -i abcdefghijklmno -j ACCEPT\nCOMMIT\n`,
			true,
		],
		[
			"chain name of 29 chars",
			`${F}:ABCDEFGHIJKLMNOPQRSTUVWXYZ123 - [0:0]\nCOMMIT\n`,
			false,
		],
		[
			"chain name of 28 chars",
			`${F}:ABCDEFGHIJKLMNOPQRSTUVWXYZ12 - [0:0]\nCOMMIT\n`,
			true,
		],
		[
			"address list",
			`${F}-A INPUT -s 1.1.1.1,2.2.2.2 -j ACCEPT\nCOMMIT\n`,
			true,
		],
		["insert", `${F}-A INPUT -j ACCEPT\n-I INPUT 1 -j DROP\nCOMMIT\n`, true],
		["table inside a table", `${F}*nat\nCOMMIT\n`, false],
		["jump to built-in chain", `${F}-A INPUT -j OUTPUT\nCOMMIT\n`, false],
		["counters without ]", `${F}[0:0 -A INPUT -j ACCEPT\nCOMMIT\n`, false],
		[
			"non-numeric bracket counters",
			"*filter\n[a:b] -A INPUT -j ACCEPT\nCOMMIT\n",
			true,
		],
		["! !", "*filter\n-A INPUT ! ! -s 1.1.1.1 -j ACCEPT\nCOMMIT\n", false],
		[
			"old negation -s ! x",
			`${F}-A INPUT -s ! 1.2.3.4 -j ACCEPT\nCOMMIT\n`,
			false,
		],
		["protocol name", "*filter\n-A INPUT -p gre -j ACCEPT\nCOMMIT\n", true],
		["unknown protocol", "*filter\n-A INPUT -p foo -j ACCEPT\nCOMMIT\n", false],
		["two -j", "*filter\n-A INPUT -j ACCEPT -j DROP\nCOMMIT\n", false],
		[
			"quoted comment",
			'*filter\n-A INPUT -m comment --comment "a b \\" c" -j ACCEPT\nCOMMIT\n',
			true,
		],
		["no target", "*filter\n-A INPUT -s 1.2.3.4\nCOMMIT\n", true],
		["trailing word", "*filter\n-A INPUT -s 1.2.3.4 foo\nCOMMIT\n", false],
		["CRLF table line", "*filter\r\n:INPUT ACCEPT [0:0]\r\nCOMMIT\r\n", false],
		["CRLF rule line", "*filter\n-A INPUT -j ACCEPT\r\nCOMMIT\n", false],
		[
			"ipset missing",
			`${F}-A INPUT -m set --match-set foo src -j ACCEPT\nCOMMIT\n`,
			false,
		],
		["REJECT in mangle", "*mangle\n-A INPUT -j REJECT\nCOMMIT\n", false],
		[
			"TCPMSS without -p tcp",
			"*mangle\n-A FORWARD -j TCPMSS --clamp-mss-to-pmtu\nCOMMIT\n",
			false,
		],
		[
			"TCPMSS without SYN test",
			"*mangle\n-A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu\nCOMMIT\n",
			false,
		],
		[
			"TCPMSS with SYN test",
			"*mangle\n-A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu\nCOMMIT\n",
			true,
		],
		[
			"MASQUERADE ports without -p",
			`${N}-A POSTROUTING -j MASQUERADE --to-ports 1024-65535\nCOMMIT\n`,
			false,
		],
		["goto missing chain", `${F}-A INPUT -g FOO\nCOMMIT\n`, false],
		["goto ACCEPT", `${F}-A INPUT -g ACCEPT\nCOMMIT\n`, false],
		["-j without name", `${F}-A INPUT -j\nCOMMIT\n`, false],
		[
			"multiport without -p",
			`${F}-A INPUT -m multiport --dports 1,2 -j ACCEPT\nCOMMIT\n`,
			false,
		],
		["TRACE in filter", `${F}-A INPUT -j TRACE\nCOMMIT\n`, false],
		["CT in mangle", "*mangle\n-A PREROUTING -j CT --notrack\nCOMMIT\n", false],
		[
			"mac in OUTPUT",
			`${F}-A OUTPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT\nCOMMIT\n`,
			false,
		],
		[
			"SNAT in nat INPUT",
			`${N}-A INPUT -j SNAT --to-source 1.2.3.4\nCOMMIT\n`,
			true,
		],
		[
			"REDIRECT in POSTROUTING",
			`${N}-A POSTROUTING -p tcp -j REDIRECT --to-ports 80\nCOMMIT\n`,
			false,
		],
		[
			"TPROXY in mangle OUTPUT",
			"*mangle\n-A OUTPUT -p tcp -j TPROXY --on-port 1 --tproxy-mark 1\nCOMMIT\n",
			false,
		],
		["same table twice", "*filter\nCOMMIT\n*filter\nCOMMIT\n", true],
		["lowercase unknown target", "*filter\n-A INPUT -j foo\nCOMMIT\n", false],
		[
			"owner in POSTROUTING",
			"*mangle\n-A POSTROUTING -m owner --uid-owner 0 -j ACCEPT\nCOMMIT\n",
			true,
		],
		[
			"# in the middle of a rule",
			"*filter\n-A INPUT -j ACCEPT # c\nCOMMIT\n",
			false,
		],
		["leading space", "*filter\n -A INPUT -j ACCEPT\nCOMMIT\n", true],
		["COMMIT with trailing space", "*filter\nCOMMIT \n", false],
		["*table with trailing word", "*filter foo\nCOMMIT\n", true],
		["-c counters", `${F}-A INPUT -c 5 10 -j ACCEPT\nCOMMIT\n`, true],
		[
			"-N, -I, -P, -F",
			`${F}-N X\n-A X -j ACCEPT\n-I INPUT -j X\n-P FORWARD DROP\n-F X\nCOMMIT\n`,
			true,
		],
		["-X of a chain in use", `${F}-N X\n-A INPUT -j X\n-X X\nCOMMIT\n`, false],
		[
			"-D by number past the end",
			`${F}-A INPUT -j ACCEPT\n-D INPUT -j ACCEPT\n-D INPUT 1\nCOMMIT\n`,
			false,
		],
	])("%s", (_name, text, loads) => {
		const { report, fatal } = verdict(text);
		expect(report.wouldLoad, fatal.join("\n")).toBe(loads);
	});

	test.each([
		["-f in IPv6", "*filter\n-A INPUT -f -j ACCEPT\nCOMMIT\n", false],
		[
			"IPv4 address in IPv6",
			"*filter\n-A INPUT -s 1.2.3.4 -j ACCEPT\nCOMMIT\n",
			false,
		],
		["-p icmp in IPv6", "*filter\n-A INPUT -p icmp -j ACCEPT\nCOMMIT\n", true],
		[
			"MASQUERADE in IPv6 nat",
			"*nat\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n",
			true,
		],
	])("ip6tables: %s", (_name, text, loads) => {
		expect(verdict(text, "ipv6").report.wouldLoad).toBe(loads);
	});
});

describe("diagnostics are line-accurate", () => {
	test.each([
		[
			`${F}-A FOO -j ACCEPT\nCOMMIT\n`,
			"t:5:4: error: Chain 'FOO' does not exist in table filter (declare it with :FOO - [0:0] before use) [undeclared-chain]",
		],
		[
			`${F}-A INPUT -j ACCEPT\n`,
			"t:6:1: error: COMMIT expected at end of file (table opened at line 1 is never committed) [missing-commit]",
		],
		[
			`${F}-A INPUT -s 10.0.0.300 -j ACCEPT\nCOMMIT\n`,
			"t:5:13: error: host/network `10.0.0.300' not found [bad-address]",
		],
		[
			"*nat\r\nCOMMIT\n",
			"t:1:2: error: unable to initialize table 'nat\\r': the line ends with a carriage return (CRLF line endings); convert the file to LF line endings [unknown-table]",
		],
		[
			`${F}:A - [0:0]\n-A INPUT -j A\n-A A -j A\nCOMMIT\n`,
			"t:7:9: error: loop of jumps A → A: the kernel refuses the table (ELOOP) [jump-loop]",
		],
		[
			"-A INPUT -j ACCEPT\n",
			"t:1:1: error: rule before any *table line (iptables-restore: line failed) [rule-outside-table]",
		],
		[
			`${F}-A INPUT --foo -j ACCEPT\nCOMMIT\n`,
			't:5:10: error: unknown option "--foo" [unknown-option]',
		],
	])("%j", (text, expected) => {
		expect(verdict(text).fatal).toContain(expected);
	});

	test("empty file is a warning, not fatal", () => {
		expect(verdict("").all).toEqual([
			"t:1:1: warning: empty file: no tables to load [empty-file]",
		]);
	});

	const binaryWarning =
		"warning: the file contains binary data (control characters or invalid UTF-8); is it really iptables-save output? [binary-data]";

	const parsed = (text: string) =>
		parseRuleset(text, { source: "t" }).diagnostics.map(formatDiagnostic);

	test("binary data is reported first, at its first character, whatever came before", () => {
		const text = `${F}-A FOO -j ACCEPT\n-A INPUT -j ACCEPT\n-A INPUT -s 1.2.3.4\u0000 -j DROP\nCOMMIT\n`;
		expect(parsed(text)).toEqual([
			`t:7:20: ${binaryWarning}`,
			"t:5:4: error: Chain 'FOO' does not exist in table filter (declare it with :FOO - [0:0] before use) [undeclared-chain]",
			"t:7:20: warning: NUL byte: iptables-restore ignores the rest of the line [nul-byte]",
		]);
	});

	test.each([
		["DEL", "\u007f"],
		["invalid UTF-8", "\ufffd"],
		["a control character in a comment", "\u0007"],
	])("%s is binary data", (_name, char) => {
		const text = `${F}-A INPUT -m comment --comment "x${char}" -j ACCEPT\nCOMMIT\n`;
		expect(parsed(text)[0]).toBe(`t:5:33: ${binaryWarning}`);
	});

	test("non-ASCII text is not binary data, and reads as in an ASCII file", () => {
		const rule = (comment: string) =>
			`${F}-A INPUT -s 10.0.0.1/32 -m comment --comment "${comment}" -j ACCEPT\nCOMMIT\n`;
		const utf8 = parseRuleset(rule("café ✓"));
		const ascii = parseRuleset(rule("cafe"));
		expect(utf8.diagnostics).toEqual([]);
		const rules = (result: typeof ascii) =>
			result.ruleset.tables.get("filter")?.chains.get("INPUT")?.rules ?? [];
		expect(rules(utf8)[0]?.matches[0]?.data).toEqual({ text: "café ✓" });
		expect(rules(utf8)[0]?.header).toEqual(rules(ascii)[0]?.header);
	});

	test("binary data stays first when the diagnostics overflow their cap", () => {
		const bad = "-A INPUT -s 10.0.0.300 -j ACCEPT\n".repeat(1200);
		const { diagnostics } = parseRuleset(
			`${F}${bad}-A INPUT \u0001\nCOMMIT\n`,
			{
				source: "t",
			},
		);
		expect(diagnostics[0]?.code).toBe("binary-data");
		expect(diagnostics[0]?.line).toBe(1205);
		expect(diagnostics).toHaveLength(1001);
		expect(diagnostics[1000]).toMatchObject({
			code: "too-many-diagnostics",
			// 1,200 bad addresses and the control character's bad argument,
			// less the 999 kept.
			message: "202 more diagnostics not shown",
			fatal: true,
		});
	});

	test("a table with 150,000 refused rules is checked to the end, the first lines' problems kept", () => {
		const bad = "-A INPUT -j DNAT --to-destination 1.2.3.4\n".repeat(150_000);
		const { report } = parseAndCheck(`${N}${bad}COMMIT\n`, { source: "t" });
		expect(report.wouldLoad).toBe(false);
		// The check's own problems are capped at 1,000, by position, and the
		// rest are counted.
		expect(report.diagnostics).toHaveLength(1001);
		expect(report.diagnostics[0]).toMatchObject({
			code: "target-hook",
			line: 6,
		});
		expect(report.diagnostics[999]?.line).toBe(1005);
		expect(report.diagnostics[1000]).toMatchObject({
			code: "too-many-diagnostics",
			message: "149000 more diagnostics not shown",
			line: 150_005,
			fatal: true,
		});
	});
});

describe("model", () => {
	test("a committed table's chains: each one object, in declaration order, made when first asked for", () => {
		const { ruleset } = parseRuleset(
			`${F}:Y - [0:0]\n:X - [0:0]\n-A Y -j X\n-A X -j ACCEPT\nCOMMIT\n`,
		);
		const chains = ruleset.tables.get("filter")?.chains;
		expect([...(chains?.keys() ?? [])]).toEqual([
			"INPUT",
			"FORWARD",
			"OUTPUT",
			"Y",
			"X",
		]);
		const y = chains?.get("Y");
		expect(chains?.get("Y")).toBe(y);
		expect([...(chains?.values() ?? [])][3]).toBe(y);
		expect(new Map(chains).get("Y")).toBe(y);
		expect(y?.rules.map((rule) => rule.id)).toEqual(["filter/Y/1"]);
		expect(chains?.has("Z")).toBe(false);
		expect(chains?.get("Z")).toBeUndefined();
		expect(chains?.size).toBe(5);
		expect(ruleset.ruleCount).toBe(2);
	});

	test("rules are numbered after -I and ids are table/chain/index", () => {
		const { ruleset } = parseRuleset(
			`${F}-A INPUT -j ACCEPT\n-I INPUT -s 1.2.3.4 -j DROP\nCOMMIT\n`,
		);
		const rules =
			ruleset.tables.get("filter")?.chains.get("INPUT")?.rules ?? [];
		expect(rules.map((r) => [r.id, r.line, r.target?.name])).toEqual([
			["filter/INPUT/1", 6, "DROP"],
			["filter/INPUT/2", 5, "ACCEPT"],
		]);
	});

	test("unconditional: -s 0.0.0.0/0 and -p all are no test, ! -s 0.0.0.0/0 is", () => {
		const { ruleset } = parseRuleset(
			`${F}-A INPUT -s 0.0.0.0/0 -p all -j ACCEPT\n-A INPUT ! -s 0.0.0.0/0 -j ACCEPT\n-A INPUT -m comment --comment x -j ACCEPT\nCOMMIT\n`,
		);
		expect([...ruleset.rulesById.values()].map((r) => r.unconditional)).toEqual(
			[true, false, false],
		);
	});

	test("targets: verdict, jump, goto, extension/unknown", () => {
		const { ruleset } = parseRuleset(
			`${F}:X - [0:0]\n-A INPUT -j X\n-A INPUT -g X\n-A INPUT -j RETURN\n-A INPUT -j LOG --log-prefix "a b"\nCOMMIT\n`,
		);
		const kinds = [...ruleset.rulesById.values()].map((r) => r.target?.kind);
		expect(kinds.slice(0, 3)).toEqual(["jump", "goto", "verdict"]);
		expect(["extension", "unknown"]).toContain(kinds[3]);
		expect(ruleset.rulesById.get("filter/INPUT/4")?.target?.options).toEqual([
			{ name: "--log-prefix", invert: false, args: ["a b"], column: 17 },
		]);
	});

	test("negation before options and header fields", () => {
		const { ruleset } = parseRuleset(
			`${F}-A INPUT ! -i eth+ -p TCP ! --dport 22 -s 10.1.2.3/255.255.0.0 -j ACCEPT\nCOMMIT\n`,
		);
		const rule = ruleset.rulesById.get("filter/INPUT/1");
		expect(rule?.header.inInterface).toEqual({
			name: "eth",
			wildcard: true,
			invert: true,
		});
		expect(rule?.header.protocol).toEqual({
			number: 6,
			text: "tcp",
			invert: false,
		});
		expect(rule?.header.source?.text).toBe("10.1.0.0/16");
		expect(
			rule?.matches.map((m) => [m.module, m.implicit, m.options[0]?.invert]),
		).toEqual([["tcp", true, true]]);
	});

	test("comma lists expand to one rule per address pair", () => {
		const { ruleset } = parseRuleset(
			`${F}-A INPUT -s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT\nCOMMIT\n`,
		);
		expect(
			[...ruleset.rulesById.values()].map(
				(r) => `${r.header.source?.text}>${r.header.destination?.text}`,
			),
		).toEqual([
			"1.1.1.1/32>3.3.3.3/32",
			"1.1.1.1/32>4.4.4.4/32",
			"2.2.2.2/32>3.3.3.3/32",
			"2.2.2.2/32>4.4.4.4/32",
		]);
	});

	test.each([
		["# Generated by ip6tables-save v1.8\n*filter\nCOMMIT\n", "ipv6"],
		["*filter\n-A INPUT -s 2001:db8::/32 -j ACCEPT\nCOMMIT\n", "ipv6"],
		["*filter\n-A INPUT -p ipv6-icmp -j ACCEPT\nCOMMIT\n", "ipv6"],
		["*filter\n-A INPUT -s 10.0.0.0/8 -j ACCEPT\nCOMMIT\n", "ipv4"],
		["*filter\nCOMMIT\n", "ipv4"],
	])("family of %j is %s", (text, family) => {
		expect(parseRuleset(text).ruleset.family).toBe(family);
	});

	test("IPv6 addresses", () => {
		const { ruleset, diagnostics } = parseRuleset(
			"*filter\n-A INPUT -s 2001:DB8::1/32 -d ::1 -j ACCEPT\nCOMMIT\n",
		);
		expect(diagnostics).toEqual([]);
		const rule = ruleset.rulesById.get("filter/INPUT/1");
		expect([rule?.header.source?.text, rule?.header.destination?.text]).toEqual(
			["2001:db8::/32", "::1/128"],
		);
	});
});
