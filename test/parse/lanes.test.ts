/**
 * The fast lane for canonical lines, rules built when their chain is first
 * read, and load checks fed by the parser instead of built rules are
 * shortcuts: each must give exactly the model, the diagnostics and the
 * verdict of the general parser building every rule as it reads.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
	checkRuleset,
	parseAndCheck,
} from "../../source/engine/check/check-ruleset.js";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import type { Rule, Ruleset } from "../../source/engine/model/ruleset.js";
import {
	type ParseOptions,
	parseRuleset,
} from "../../source/engine/parse/parse-ruleset.js";
import { noItems } from "../../source/engine/parse/short-list.js";
import { testEachCorpusFile } from "../corpus/corpus-files.js";
import { ruleCases, ruleFile } from "../corpus/kernel-verdict-rule-cases.js";

/** Plain data for any value the model holds, getters and lazy options included. */
function plain(value: unknown): unknown {
	if (typeof value === "bigint") return `${value}n`;
	if (typeof value === "function") return "function";
	if (value === null || typeof value !== "object") return value;
	if (value instanceof Uint8Array) return [...value];
	if (value instanceof Map)
		return [...value].map(([k, v]) => [plain(k), plain(v)]);
	if (value instanceof Set) return [...value].map(plain);
	if (Array.isArray(value)) return value.map(plain);
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(value).sort())
		out[key] = plain((value as Record<string, unknown>)[key]);
	return out;
}

function ruleView(rule: Rule): unknown {
	return plain({
		...rule,
		id: rule.id,
		matches: rule.matches.map((m) => ({
			module: m.module,
			known: m.known,
			implicit: m.implicit,
			column: m.column,
			data: m.data,
			options: m.options,
		})),
		target: rule.target && {
			name: rule.target.name,
			kind: rule.target.kind,
			column: rule.target.column,
			data: rule.target.data,
			options: rule.target.options,
		},
	});
}

function view(ruleset: Ruleset): unknown {
	return {
		family: ruleset.family,
		ruleCount: ruleset.ruleCount,
		size: ruleset.rulesById.size,
		tables: [...ruleset.tables.values()].map((table) => ({
			name: table.name,
			line: table.line,
			chains: [...table.chains.values()].map((chain) => ({
				name: chain.name,
				builtin: chain.builtin,
				line: chain.line,
				policy: chain.policy,
				counters: plain(chain.counters),
				rules: chain.rules.map(ruleView),
			})),
		})),
		byId: [...ruleset.rulesById.keys()],
	};
}

function read(text: string, options: ParseOptions): unknown {
	const { ruleset, diagnostics } = parseRuleset(text, {
		source: "t",
		...options,
	});
	// Diagnostics first: reading the rules must not add any.
	const reported = diagnostics.map(formatDiagnostic);
	return { model: view(ruleset), diagnostics: reported };
}

const eagerGeneral = { fastLane: false, deferRules: false } as const;

function check(report: ReturnType<typeof checkRuleset>): unknown {
	return { ...report, diagnostics: report.diagnostics.map(formatDiagnostic) };
}

function expectSameReads(text: string): void {
	const expected = read(text, eagerGeneral);
	expect(read(text, { deferRules: false })).toEqual(expected);
	expect(read(text, {})).toEqual(expected);
	expect(read(text, { fastLane: false })).toEqual(expected);
	const built = parseRuleset(text, { source: "t", ...eagerGeneral });
	const ipsets = { ipsets: new Set(["s"]) };
	for (const options of [{}, ipsets]) {
		const expectedCheck = check(checkRuleset(built, options));
		for (const lanes of [{}, { fastLane: false }])
			expect(
				check(parseAndCheck(text, { source: "t", ...lanes }, options).report),
			).toEqual(expectedCheck);
	}
	// Rules' lists start as one shared empty list that nothing may fill.
	expect(noItems()).toEqual([]);
}

const head =
	"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:X - [0:0]\n";
const natHead =
	"*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:X - [0:0]\n";

const edgeFiles = [
	`${head}-A INPUT -s 10.0.0.1,10.0.0.2 -d 1.2.3.4/8,5.6.7.8 -j X\n-A X -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n`,
	`${head}-A INPUT -j Y\n:Y - [0:0]\n-A Y -j ACCEPT\nCOMMIT\n`,
	`${head}-A INPUT -j X\n-I INPUT 1 -j DROP\n-A X -j RETURN\nCOMMIT\n`,
	`${head}-A X -j ACCEPT\n-E X Z\n-A INPUT -j Z\nCOMMIT\n`,
	`${head}-A NOPE -j ACCEPT\n-A INPUT -j NOPE\nCOMMIT\n`,
	`${head}-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -m tcp -p tcp ! --syn -j X\nCOMMIT\n`,
	`${head}-A INPUT -m comment --comment "a \\"q\\" b" -j ACCEPT\n-A INPUT\t-j DROP\nCOMMIT\n`,
	`${head}[1:2] -A INPUT -j ACCEPT\n-A INPUT -c 3 4 -j ACCEPT\n-A INPUT -j ACCEPT --foo\nCOMMIT\n`,
	`${head}-A INPUT -s ! 1.2.3.4 -j ACCEPT\n-A INPUT -p tcp -m tcp --dport ! 22 -j ACCEPT\nCOMMIT\n`,
	`${head}-A INPUT -j LOG --log-prefix "x: " --log-level 4\n-A INPUT -m foo --bar 1 -j ACCEPT\nCOMMIT\n*filter\n:INPUT DROP [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n`,
	`${head}-A INPUT -m set --match-set s src -j SET --add-set t dst\n-F X\n-A X -j DROP\nCOMMIT\n`,
	'*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:S - [0:0]\n-A PREROUTING -d 10.96.0.1/32 -p tcp -m comment --comment "svc" -m tcp --dport 443 -j S\n-A S -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.0.0.1:6443\n-A POSTROUTING -j MASQUERADE --random-fully\n',
	// Load checks: hooks through user chains, loops, copies, protocol and placement.
	`${natHead}:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A OUTPUT -j A\n-A A -s 1.1.1.1,2.2.2.2 -o eth0 -j B\n-A B -p udp -j DNAT --to-destination 1.2.3.4:80\n-A B -j MASQUERADE\n-A B -j A\n-A POSTROUTING -j DROP\n-A PREROUTING -o eth0 -m owner --uid-owner 0 -j REDIRECT --to-ports 8080\nCOMMIT\n`,
	`${head}:Y - [0:0]\n-A INPUT -j Y\n-A Y -j X\n-A X -j Y\n-A X -g Y\n-A OUTPUT -i eth0 -j REJECT --reject-with tcp-reset\n-A INPUT -s 1.1.1.1,2.2.2.2 -o eth0 -j ACCEPT\n-A FORWARD -m addrtype --dst-type LOCAL --limit-iface-out -m set --match-set s src -m set --match-set t dst -j SET --add-set u src\n-A OUTPUT -j TCPMSS --clamp-mss-to-pmtu\n-A OUTPUT -p tcp -j TCPMSS --set-mss 1400\n-A INPUT -m multiport --dports 1,2 -m icmp -j TPROXY --on-port 1\n-A X -j DNAT --to-destination 1.1.1.1\n-A INPUT -j NOSUCH\nCOMMIT\n`,
];

describe("fast lane, deferred building and parse-fed checks agree with the general parser", () => {
	test.each(edgeFiles)("%j", (text) => expectSameReads(text));

	test("the 435 single-rule kernel cases", () => {
		for (const [table, chain, rule] of ruleCases)
			expectSameReads(ruleFile(table, chain, rule));
	});

	const sampleRoot = join(import.meta.dirname, "..", "..", "samples");
	// An nft-only sample (docker29-nft) has no iptables rules to read.
	const withRules = readdirSync(sampleRoot).filter((sample) =>
		existsSync(join(sampleRoot, sample, "iptables.rules")),
	);
	test.each(withRules)("sample %s", (sample) => {
		expectSameReads(
			readFileSync(join(sampleRoot, sample, "iptables.rules"), "utf8"),
		);
	});

	testEachCorpusFile("corpus", (text) => expectSameReads(text));

	const word = fc.constantFrom(
		"-A",
		"X",
		"INPUT",
		"!",
		"-s",
		"-d",
		"10.0.0.1/8",
		"1.2.3.4,5.6.7.8",
		"-p",
		"tcp",
		"udp",
		"-i",
		"eth0+",
		"-m",
		"tcp",
		"comment",
		"statistic",
		"--comment",
		'"a b"',
		'"x\\"y"',
		"--dport",
		"22",
		"--sport",
		"1:2",
		"--syn",
		"--mode",
		"random",
		"--probability",
		"0.5",
		"-j",
		"-g",
		"ACCEPT",
		"LOG",
		"--log-prefix",
		"DNAT",
		"--to-destination",
		"10.0.0.2:80",
		"-f",
		"-o",
		"OUTPUT",
		"X",
		"REJECT",
		"--reject-with",
		"tcp-reset",
		"MASQUERADE",
		"--to-ports",
		"80",
		"-m",
		"owner",
		"--foo",
		"-5",
		"[1:2]",
	);
	const line = fc
		.array(word, { maxLength: 12 })
		.map((words) => words.join(" "));
	// Lines as iptables-save writes them, with near-miss values: the quick
	// read (match/types.ts QuickCheck) must take or leave them as parse() does.
	const pick = <T>(...items: T[]) => fc.constantFrom(...items);
	const canonicalLine = fc
		.tuple(
			pick("X", "PREROUTING", "POSTROUTING", "OUTPUT"),
			pick("", "-s 10.244.0.7/32 ", "! -s 10.0.0.0/8 ", "-d 1.2.3.4,5.6.7.8 "),
			pick("", "-p tcp ", "-p udp ", "! -p tcp ", "-p icmp "),
			fc.array(
				pick(
					'-m comment --comment "ns0/svc0:http" ',
					`-m comment --comment "${"é".repeat(130)}" `,
					"-m comment ! --comment x ",
					"-m tcp ",
					"-m tcp --dport 80 ",
					"-m tcp ! --sport 1:1024 ",
					"-m tcp --dport 65536 ",
					"-m udp --dport 53 ",
					"-m udp --dport 70000 ",
					"-m statistic --mode random --probability 0.50000000000 ",
					"-m statistic --mode random --probability 1.5 ",
					"-m statistic --probability 0.2 --mode random ",
					"-m statistic --mode nth --every 2 ",
					"-m tcp --dport 80 --comment x ",
					"-m conntrack --ctstate RELATED,ESTABLISHED ",
					"-m conntrack ! --ctstate NEW,DNAT ",
					"-m conntrack --ctstate BOGUS ",
					"-m state --state NEW,DNAT ",
					"-m state --state INVALID ",
					"-m mac --mac-source 00:11:22:aa:BB:cc ",
					"-m mac --mac-source 00:11:22:33:44 ",
					"-m multiport --dports 22,80,443 ",
					"-m multiport --sports 1:2,3,4:5,6:7,8:9,10:11,12:13,14 ",
					"-m tcp --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN ",
					"-m tcp --syn ",
					"-m tcp --tcp-flags SYN ",
					"-m mark --mark 0x4000/0x4000 ",
					"-m mark ! --mark 0x1/0xzz ",
				),
				{ maxLength: 3 },
			),
			pick(
				"",
				"-j X",
				"-g X",
				"-j ACCEPT",
				"-j RETURN --to-ports 1",
				"-j PREROUTING",
				"-j DNAT --to-destination 10.244.2.47:8080",
				"-j DNAT --to-destination 10.244.2.47",
				"-j DNAT --to-destination 10.244.2.300:80",
				"-j DNAT",
				"-j SNAT --to-source 192.0.2.1 --random",
				"-j MASQUERADE",
				"-j MASQUERADE --random-fully",
				"-j MASQUERADE --to-ports 1024-2048",
				"-j REDIRECT --to-ports 8080",
				"-j NOSUCH",
				"-j REJECT",
				"-j REJECT --reject-with tcp-reset",
				"-j REJECT --reject-with icmp-bogus",
				'-j LOG --log-prefix "IN: " --log-level 4 --log-uid',
				'-j LOG --log-prefix "a prefix of more than 29 chars"',
				"-j MARK --set-xmark 0x4000/0x4000",
				"-j MARK --or-mark 0x4000 --xor-mark 1",
			),
		)
		.map((parts) => `-A ${parts.flat().join("")}`.trimEnd());
	test("property: canonical lines with near-miss values read alike", () => {
		fc.assert(
			fc.property(fc.array(canonicalLine, { maxLength: 6 }), (lines) => {
				expectSameReads(`${natHead}${lines.join("\n")}\nCOMMIT\n`);
			}),
			{ numRuns: 300 },
		);
	});

	test("property: random rule lines read alike", () => {
		fc.assert(
			fc.property(
				fc.constantFrom(head, natHead),
				fc.array(line, { maxLength: 6 }),
				(tableHead, lines) => {
					const text = `${tableHead}${lines.join("\n")}\nCOMMIT\n`;
					expectSameReads(text);
				},
			),
			{ numRuns: 300 },
		);
	});
});
