import { describe, expect, test } from "vitest";
import type { RawOption, Rule } from "../model/ruleset.js";
import { parseRuleset } from "./parse-ruleset.js";

const F =
	"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
const N =
	"*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n";

function rules(text: string): Rule[] {
	return [...parseRuleset(text, { source: "t" }).ruleset.rulesById.values()];
}

const opt = (
	name: string,
	args: string[],
	column: number,
	invert = false,
): RawOption => ({ name, invert, args, column });

describe("options rebuilt from the rule line", () => {
	test.each<[string, string, RawOption[][]]>([
		[
			"one option, one argument",
			`${F}-A INPUT -m comment --comment "a b" -j ACCEPT\nCOMMIT\n`,
			[[opt("--comment", ["a b"], 21)]],
		],
		[
			"negated options and an option without arguments",
			`${F}-A INPUT -p tcp -m tcp ! --dport 22 ! --syn -j ACCEPT\nCOMMIT\n`,
			[[opt("--dport", ["22"], 24, true), opt("--syn", [], 37, true)]],
		],
		[
			"attached value",
			`${F}-A INPUT -p tcp -m tcp --dport=22 -j ACCEPT\nCOMMIT\n`,
			[[opt("--dport", ["22"], 24)]],
		],
		[
			"counters before the command",
			`${F}[3:4] -A INPUT -m comment --comment x -j ACCEPT\nCOMMIT\n`,
			[[opt("--comment", ["x"], 27)]],
		],
		[
			"two arguments",
			`${F}-A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN -j ACCEPT\nCOMMIT\n`,
			[[opt("--tcp-flags", ["SYN,ACK", "SYN"], 24)]],
		],
		[
			"the old `--opt ! x` form",
			`${F}-A INPUT -p tcp -m tcp --dport ! 22 -j ACCEPT\nCOMMIT\n`,
			[[opt("--dport", ["22"], 24, true)]],
		],
	])("%s", (_, text, expected) => {
		const [rule] = rules(text);
		expect(rule?.matches.map((m) => m.options)).toEqual(expected);
		expect(rule?.target?.options).toEqual([]);
	});

	test("target options, also after a chain rename", () => {
		const text = `${N}-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:80\nCOMMIT\n`;
		const [rule] = rules(text);
		expect(rule?.target?.options).toEqual([
			opt("--to-destination", ["10.0.0.1:80"], 30),
		]);
		const renamed = rules(
			`${F}:A - [0:0]\n-A INPUT -j A\n-A A -j LOG --log-prefix p\n-E A B\nCOMMIT\n`,
		);
		expect(renamed.map((r) => [r.chain, r.target?.name])).toEqual([
			["INPUT", "B"],
			["B", "LOG"],
		]);
		expect(renamed[1]?.target?.options).toEqual([
			opt("--log-prefix", ["p"], 13),
		]);
	});

	// iptables-restore reads at most 10,239 bytes and 251 words a line.
	test("long lines: far columns and many words", () => {
		const pad = " ".repeat(10_000);
		const [far] = rules(
			`${F}-A INPUT${pad} -m comment --comment x -j ACCEPT\nCOMMIT\n`,
		);
		expect(far?.matches[0]?.options).toEqual([opt("--comment", ["x"], 10_021)]);
		const words = Array.from(
			{ length: 61 },
			(_, i) => `-m comment --comment c${i}`,
		);
		const [many] = rules(`${F}-A INPUT ${words.join(" ")} -j ACCEPT\nCOMMIT\n`);
		expect(many?.matches.at(-1)?.options).toEqual([
			opt("--comment", ["c60"], 1511),
		]);
	});

	test("options are stable between reads", () => {
		const [rule] = rules(
			`${F}-A INPUT -m comment --comment x -j ACCEPT\nCOMMIT\n`,
		);
		expect(rule?.matches[0]?.options).toBe(rule?.matches[0]?.options);
	});
});

describe("rulesById", () => {
	const text = `${F}:a/b - [0:0]\n-A INPUT -j ACCEPT\n-A a/b -j DROP\n-A a/b -j RETURN\nCOMMIT\n`;
	const { ruleset } = parseRuleset(text, { source: "t" });

	test("finds rules by id, chain names with slashes included", () => {
		expect(ruleset.rulesById.get("filter/a/b/2")?.target?.name).toBe("RETURN");
		expect(ruleset.rulesById.has("filter/INPUT/1")).toBe(true);
		expect(ruleset.ruleCount).toBe(3);
		expect(ruleset.rulesById.size).toBe(3);
	});

	test.each([
		"filter/INPUT/0",
		"filter/INPUT/01",
		"filter/INPUT/2",
		"nat/INPUT/1",
		"filter/INPUT",
		"",
		"filter/nope/1",
	])("no rule %j", (id) => {
		expect(ruleset.rulesById.get(id)).toBeUndefined();
		expect(ruleset.rulesById.has(id)).toBe(false);
	});

	test("iterates in table, chain and rule order", () => {
		expect([...ruleset.rulesById.keys()]).toEqual([
			"filter/INPUT/1",
			"filter/a/b/1",
			"filter/a/b/2",
		]);
		expect([...ruleset.rulesById].map(([id, rule]) => id === rule.id)).toEqual([
			true,
			true,
			true,
		]);
	});
});

describe("address text", () => {
	test.each([
		["10.1.2.0/24", "10.1.2.0/24"],
		["10.1.2.3", "10.1.2.3/32"],
		["10.1.2.3/24", "10.1.2.0/24"],
		// strtoul base 0, as xtables_numeric_to_ipaddr reads each part.
		["010.1.2.0/24", "8.1.2.0/24"],
		["10.1.2.0/8", "10.0.0.0/8"],
		["10.1.2.0/255.255.255.0", "10.1.2.0/24"],
		["10.1.2.0/255.0.255.0", "10.0.2.0/255.0.255.0"],
		["0.0.0.0/0", "0.0.0.0/0"],
	])("-s %s is printed %s", (written, printed) => {
		const [rule] = rules(`${F}-A INPUT -s ${written} -j ACCEPT\nCOMMIT\n`);
		expect(rule?.header.source?.text).toBe(printed);
	});
});
