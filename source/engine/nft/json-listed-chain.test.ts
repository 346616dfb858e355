import { describe, expect, test } from "vitest";
import { formatDiagnostic } from "../diagnostics.js";
import { readListedChain } from "./json-listed-chain.js";
import { loadNftJson } from "./load-nft.js";

const table = '{"table": {"family": "ip", "name": "t", "handle": 1}}';

/** The explorer's read (listed chains read without JSON.parse) and check's. */
function both(chain: string): [string, string] {
	const text = `{"nftables": [${table}, ${chain}]}`;
	const read = (readRulesLater: boolean) => {
		const result = loadNftJson(text, { source: "t", readRulesLater });
		return JSON.stringify({
			ruleset: result.ruleset,
			diagnostics: result.diagnostics.map((d) => formatDiagnostic(d)),
		});
	};
	return [read(true), read(false)];
}

describe("a listed regular chain read without JSON.parse", () => {
	test.each([
		[
			"as nft lists it",
			'{"chain": {"family": "ip", "table": "t", "name": "c", "handle": 2}}',
			true,
		],
		[
			"pretty-printed",
			'{\n "chain": {\n  "family": "ip",\n  "table": "t",\n  "name": "c",\n  "handle": 2\n }\n}',
			true,
		],
		[
			"a base chain",
			'{"chain": {"family": "ip", "table": "t", "name": "c", "handle": 2, "type": "filter", "hook": "input", "prio": 0, "policy": "accept"}}',
			false,
		],
		[
			"a comment",
			'{"chain": {"family": "ip", "table": "t", "name": "c", "handle": 2, "comment": "x"}}',
			false,
		],
		[
			"an escape in the name",
			'{"chain": {"family": "ip", "table": "t", "name": "c\\u0041", "handle": 2}}',
			false,
		],
		[
			"a raw tab in the name (not JSON)",
			'{"chain": {"family": "ip", "table": "t", "name": "c\td", "handle": 2}}',
			false,
		],
		[
			"a handle with a leading zero (not JSON)",
			'{"chain": {"family": "ip", "table": "t", "name": "c", "handle": 02}}',
			false,
		],
		[
			"a vertical tab between keys (not JSON)",
			'{"chain": {"family": "ip", "table": "t",\v"name": "c", "handle": 2}}',
			false,
		],
		[
			"an unknown family",
			'{"chain": {"family": "ipx", "table": "t", "name": "c", "handle": 2}}',
			false,
		],
		[
			"no handle",
			'{"chain": {"family": "ip", "table": "t", "name": "c"}}',
			false,
		],
	])("%s: read here %s, the same as the full reader", (_, chain, fast) => {
		const at = { line: 1, column: 1 };
		expect(readListedChain(chain, 0, chain.length, 1, at) !== undefined).toBe(
			fast,
		);
		const [explorer, check] = both(chain);
		expect(explorer).toBe(check);
	});
});
