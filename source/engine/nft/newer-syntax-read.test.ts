/**
 * Statements nft prints that the readers must take as the kernel holds
 * them: set and map updates with an element timeout and data (text, newer
 * nft's JSON `map` statement, and nft 1.0.6's JSON, which prints a map
 * update as a text string), catch-all elements, `exists` tests on TCP
 * options and IPv6 extension headers, `rt type`.
 */
import { describe, expect, test } from "vitest";
import { loadNftJson, loadNftText } from "./load-nft.js";
import { printRule } from "./print-stmt.js";

function rulesOf(body: string): { printed: string[]; errors: string[] } {
	const result = loadNftText(
		`table ip t {\n\tmap m { type ipv4_addr : mark; flags dynamic,timeout; }\n\tset s { type ipv4_addr . inet_service; flags dynamic,timeout; }\n\tchain c {\n${body}\n\t}\n}\n`,
	);
	const chain = result.ruleset.tables[0]?.chains[0];
	return {
		printed: (chain?.rules ?? []).map((r) => printRule(r)),
		errors: result.diagnostics
			.filter((d) => d.severity === "error")
			.map((d) => d.message),
	};
}

describe("nft text: what nft 1.0.6 and 1.1.x list", () => {
	test.each([
		"update @m { ip saddr timeout 30s : 0x00000005 }",
		"add @m { ip saddr : meta mark }",
		"add @s { ip saddr . 22 timeout 1m }",
		"tcp option sack-perm exists",
		"tcp option maxseg size < 600",
		"exthdr hbh exists",
		"exthdr frag missing",
		"rt type 0 drop",
		"queue flags bypass to 0",
		"queue flags bypass,fanout to 1-10",
		"queue num 2 bypass",
		"meta mark set ip saddr map { 10.0.2.3 : 0x00000001, * : 0x00000007 }",
	])("%s reads without error and prints back", (rule) => {
		const { printed, errors } = rulesOf(`\t\t${rule}`);
		expect(errors).toEqual([]);
		expect(printed).toHaveLength(1);
	});
});

const table = '{"table": {"family": "ip", "name": "t", "handle": 1}}';
const map =
	'{"map": {"family": "ip", "name": "m", "table": "t", "type": "ipv4_addr", "handle": 2, "map": "mark", "flags": ["dynamic"]}}';
const chain =
	'{"chain": {"family": "ip", "table": "t", "name": "c", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "accept"}}';

function jsonRule(stmt: string): string {
	const rule = `{"rule": {"family": "ip", "table": "t", "chain": "c", "handle": 3, "expr": [${stmt}]}}`;
	const result = loadNftJson(
		`{"nftables": [${table}, ${map}, ${chain}, ${rule}]}`,
	);
	const read = result.ruleset.tables[0]?.chains[0]?.rules[0];
	return read ? printRule(read) : "";
}

describe("nft JSON: map updates in both releases' forms", () => {
	test("1.0.6 prints a map update as a text string", () => {
		expect(jsonRule('"add @m { ip saddr : 0x00000042 }"')).toBe(
			"add @m { ip saddr : 66 }",
		);
	});

	test("newer nft's map statement, with an element timeout", () => {
		expect(
			jsonRule(
				'{"map": {"op": "update", "elem": {"elem": {"val": {"payload": {"protocol": "ip", "field": "saddr"}}, "timeout": 30}}, "data": 66, "map": "@m"}}',
			),
		).toBe("update @m { ip saddr timeout 30s : 66 }");
	});
});
