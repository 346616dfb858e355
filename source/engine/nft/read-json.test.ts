import { describe, expect, test } from "vitest";
import { formatDiagnostic } from "../diagnostics.js";
import { loadNftJson } from "./load-nft.js";
import { printNftRuleset } from "./print-ruleset.js";

const table = '{"table": {"family": "ip", "name": "t", "handle": 1}}';
const chain =
	'{"chain": {"family": "ip", "table": "t", "name": "c", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "accept"}}';
const rule =
	'{"rule": {"family": "ip", "table": "t", "chain": "c", "handle": 2, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}}, {"accept": null}]}}';

function read(text: string): { printed: string; diagnostics: string[] } {
	const result = loadNftJson(text, { source: "t" });
	return {
		printed: printNftRuleset(result.ruleset),
		diagnostics: result.diagnostics.map((d) => formatDiagnostic(d)),
	};
}

describe("nft JSON: entries read one at a time mean what the whole document means", () => {
	test("one line and pretty-printed give the same ruleset", () => {
		const oneLine = `{"nftables": [${table}, ${chain}, ${rule}]}`;
		const pretty = JSON.stringify(JSON.parse(oneLine), null, 2);
		expect(read(pretty).printed).toBe(read(oneLine).printed);
		expect(read(oneLine).printed).toContain("tcp dport 22 accept");
	});

	test.each([
		[
			"a bad entry is JSON's own error, at its line and column",
			`{"nftables": [\n${table},\n{"chain": {"family": "ip",}}\n]}`,
			/^t:3:27: error: JSON syntax error: /,
		],
		[
			"a trailing comma is JSON's error",
			`{"nftables": [${table},]}`,
			/^t:1:\d+: error: JSON syntax error: /,
		],
		[
			"text after the document is JSON's error",
			`{"nftables": [${table}]} x`,
			/^t:1:\d+: error: JSON syntax error: /,
		],
	])("%s", (_, text, message) => {
		expect(read(text).diagnostics[0]).toMatch(message);
	});

	test("a repeated nftables key: the last one counts, as in JSON.parse", () => {
		const text = `{"nftables": [${table}], "nftables": [{"table": {"family": "ip", "name": "u"}}]}`;
		expect(read(text).printed).toContain("table ip u");
		expect(read(text).printed).not.toContain("table ip t");
	});

	test.each([
		["an escaped quote", 'a\\"}]b'],
		["a backslash before the closing quote", "a\\\\"],
		["escaped backslashes then an escaped quote", 'a\\\\\\"{'],
	])("a comment with %s: entries cut where JSON ends them", (_, comment) => {
		const commented = `{"table": {"family": "ip", "name": "t", "handle": 1, "comment": "${comment}"}}`;
		const text = `{"nftables": [${commented}, ${chain}, ${rule}]}`;
		const whole = JSON.parse(text) as { nftables: unknown[] };
		expect(whole.nftables.length).toBe(3);
		expect(read(text).diagnostics).toEqual([]);
		expect(read(text).printed).toBe(
			read(JSON.stringify(whole, null, 2)).printed,
		);
		expect(read(text).printed).toContain("tcp dport 22 accept");
	});

	test("an entry that is not an object is reported at its path", () => {
		expect(read(`{"nftables": [${table}, 5]}`).diagnostics[0]).toContain(
			"$.nftables[1]",
		);
	});
});

describe("nft JSON: a statement the reader does not know", () => {
	test("is reported and kept as unreadable, never read as another statement", () => {
		const unknown =
			'{"rule": {"family": "ip", "table": "t", "chain": "c", "handle": 3, "expr": [{"frobnicate": {"x": 1}}, {"accept": null}]}}';
		const result = loadNftJson(
			`{"nftables": [${table}, ${chain}, ${unknown}]}`,
			{
				source: "t",
			},
		);
		const stmts = result.ruleset.tables[0]?.chains[0]?.rules[0]?.stmts ?? [];
		expect(stmts.map((s) => s.kind)).toEqual(["unreadable", "verdict"]);
		expect(result.diagnostics.map((d) => d.message).join("\n")).toContain(
			"Unknown statement object 'frobnicate'",
		);
		expect(printNftRuleset(result.ruleset)).not.toContain("notrack");
	});
});
