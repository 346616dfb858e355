import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseAndCheck } from "../../source/engine/check/check-ruleset.js";
import type { Ruleset } from "../../source/engine/model/ruleset.js";
import { parseRuleset } from "../../source/engine/parse/parse-ruleset.js";
import { printRuleset } from "../../source/engine/parse/print-ruleset.js";
import { testEachCorpusFile } from "../corpus/corpus-files.js";

/** The model without source positions (line, text, columns) or module data. */
function comparable(ruleset: Ruleset): unknown {
	return JSON.parse(
		JSON.stringify(
			{
				family: ruleset.family,
				tables: [...ruleset.tables.values()].map((t) => ({
					name: t.name,
					chains: [...t.chains.values()],
				})),
			},
			(key, value) => {
				if (key === "line" || key === "text" || key === "column")
					return undefined;
				if (typeof value === "bigint") return value.toString();
				if (value instanceof Uint8Array) return [...value];
				return value;
			},
		),
	);
}

function roundTrip(text: string): void {
	const first = parseRuleset(text).ruleset;
	const printed = printRuleset(first);
	const second = parseRuleset(printed, { family: first.family }).ruleset;
	expect(comparable(second)).toEqual(comparable(first));
	expect(printRuleset(second)).toBe(printed);
}

const samples = [
	'*filter\n:INPUT DROP [5:300]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:X - [1:2]\n[3:4] -A INPUT ! -s 10.0.0.0/8 -i eth0+ -p tcp -m tcp ! --dport 22 -m comment --comment "say \\"hi\\" \\\\ there" -j X\n-A X -p udp --sport 53 -j RETURN\n-A X -g X\n-A OUTPUT -d 1.2.3.4/255.0.255.0 -o lo -f -j LOG --log-prefix "-x " --log-level 4\nCOMMIT\n',
	"*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m multiport --dports 80,443 -j DNAT --to-destination 10.0.0.1:8080\n-A POSTROUTING -s 10.0.0.0/24 ! -o docker0 -j MASQUERADE\nCOMMIT\n",
	"*filter\n-A INPUT -s 2001:db8::/32 -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT\nCOMMIT\n",
];

describe("parse → print → parse gives the same model", () => {
	test.each(samples)("%j", (text) => roundTrip(text));

	testEachCorpusFile("corpus", (text) => roundTrip(text));
});

const word = fc.constantFrom(
	"-A",
	"INPUT",
	"-j",
	"ACCEPT",
	"DROP",
	"-s",
	"10.0.0.1",
	"!",
	"-p",
	"tcp",
	"--dport",
	"22",
	"-m",
	"comment",
	"--comment",
	'"a b"',
	"*filter",
	"COMMIT",
	":X",
	"-",
	"[0:0]",
	"-N",
	"X",
	"-I",
	"1",
	"-g",
	"\r",
	"\u0000",
	"\ufffd",
	"#",
	"-o",
	"eth0",
	"-i",
	"--foo",
	"-D",
	"-X",
	"-F",
	"-P",
	"2001:db8::1",
	"-c",
);
const line = fc.oneof(
	fc.array(word, { maxLength: 10 }).map((words) => words.join(" ")),
	fc.string({ maxLength: 30 }),
);
const file = fc.array(line, { maxLength: 15 }).map((lines) => lines.join("\n"));

describe("property: any input parses without throwing, positions valid", () => {
	test.each([["random"], ["mutated"]])("%s", (kind) => {
		const base = samples[0] as string;
		const input =
			kind === "random"
				? fc.oneof(
						file,
						fc.string({ maxLength: 200 }),
						fc
							.uint8Array({ maxLength: 200 })
							.map((b) => new TextDecoder().decode(b)),
					)
				: fc
						.tuple(
							fc.nat(base.length),
							fc.nat(20),
							fc.string({ maxLength: 10 }),
						)
						.map(
							([at, cut, insert]) =>
								base.slice(0, at) + insert + base.slice(at + cut),
						);
		fc.assert(
			fc.property(input, (text) => {
				const { diagnostics, ruleset } = parseRuleset(text, { source: "p" });
				// What `iptx check` runs: the parse with its load checks fed in.
				const checked = parseAndCheck(text, { source: "p" }).report;
				const lines = text.split("\n").length;
				for (const d of [...diagnostics, ...checked.diagnostics]) {
					if (d.line < 1 || d.line > lines + 1 || d.column < 1 || d.length < 1)
						return false;
				}
				printRuleset(ruleset);
				return ![...diagnostics, ...checked.diagnostics].some(
					(d) => d.code === "internal-error",
				);
			}),
			{ numRuns: 400 },
		);
	});
});
