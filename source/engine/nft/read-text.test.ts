import { describe, expect, test } from "vitest";
import { formatDiagnostic } from "../diagnostics.js";
import { loadNftJson, loadNftText } from "./load-nft.js";
import { printNftRuleset } from "./print-ruleset.js";

/** The first diagnostic as `line:column: message [code]`, or "ok". */
function first(text: string, json = false): string {
	const result = json
		? loadNftJson(text, { source: "t" })
		: loadNftText(text, { source: "t" });
	const d = result.diagnostics.find((x) => x.severity === "error");
	return d ? formatDiagnostic(d).replace(/^t:/, "") : "ok";
}

describe("nft text: diagnostics with line and column", () => {
	test.each([
		[
			"table ip t {\n\tchain c {\n\t\tip saddr 1.2.3.4 acept\n\t}\n}\n",
			"3:20: error: syntax error, unexpected string 'acept' [syntax-error]",
		],
		[
			"table ip t {\n\tchain c {\n\t\ttcp dport 22 accept\n\t}\n",
			"5:1: error: syntax error, unexpected end of file [syntax-error]",
		],
		[
			"table ip t {\n\tchain c {\n\t\tip saddr @nosuch drop\n\t}\n}\n",
			// nft 1.0.6 points at `@nosuch` (3:12) and at the chain name of `jump d` (3:8).
			"3:12: error: Set 'nosuch' does not exist [unknown-set]",
		],
		// A named set's elements read as its type (nft 1.0.6's positions and words).
		[
			"table ip t {\n\tset u {\n\t\ttype ipv4_addr . inet_service\n\t\telements = { 1.2.3.4 . http, 1.2.3.4 . 70000 }\n\t}\n}\n",
			"4:42: error: Service out of range [element-type]",
		],
		[
			"table ip t {\n\tset s {\n\t\ttype mark\n\t\telements = { 1, foo }\n\t}\n}\n",
			"4:19: error: Could not parse packet mark [element-type]",
		],
		[
			"table ip t {\n\tset s {\n\t\ttype ipv4_addr\n\t\telements = { bogus }\n\t}\n}\n",
			"4:16: error: Could not resolve hostname: Temporary failure in name resolution [element-type]",
		],
		// A line of a block ends with a newline or `;`, never with the `}`
		// (nft 1.0.6 gave each of these positions).
		[
			"table ip t { chain c { jump d } ; chain d { } }\n",
			"1:31: error: syntax error, unexpected '}' [syntax-error]",
		],
		[
			"table ip t {\n\tchain c {\n\t\ttype filter hook input priority 0; policy accept }\n}\n",
			"3:52: error: syntax error, unexpected '}' [syntax-error]",
		],
		[
			"table ip t { chain c { accept;} }\n",
			"1:33: error: syntax error, unexpected '}' [syntax-error]",
		],
		[
			"table ip t {\n\tset s { type ipv4_addr }\n}\n",
			"2:25: error: syntax error, unexpected '}' [syntax-error]",
		],
		[
			"table ip t {\n\tmap m { type mark : verdict; elements = { 1 : accept } }\n}\n",
			"ok",
		],
		[
			"table ip t {\n\tchain c {\n\t\tjump d\n\t}\n}\n",
			"3:8: error: Could not process rule: No such file or directory (chain 'd' does not exist yet) [unknown-chain]",
		],
		[
			"table ip t {\n\tchain c {\n\t\ttype nat hook forward priority 0;\n\t}\n}\n",
			"2:8: error: Could not process rule: Operation not supported (a nat chain cannot hook ip forward) [chain-type-hook]",
		],
		[
			"table ip t {\n\tchain c {\n\t\ttype nat hook postrouting priority dstnat;\n\t}\n}\n",
			"3:29: error: invalid priority expression value in this context. [priority-context]",
		],
		[
			"table ip t {\n\tchain c {\n\t\tiifname $lan accept\n\t}\n}\n",
			"3:3: error: unknown identifier 'lan' [unknown-variable]",
		],
		[
			'define lan = "eth0"\ntable ip t {\n\tchain c {\n\t\tiifname $lan accept\n\t}\n}\n',
			"ok",
		],
		[
			"table ip t {\n\tchain a {\n\t\tjump b\n\t}\n\tchain b {\n\t\tjump a\n\t}\n}\n",
			// No base chain reaches the loop: the kernel never walks it (Linux 6.18).
			"ok",
		],
		[
			"table ip t {\n\tchain c {\n\t\ttype filter hook output priority 0;\n\t\tmasquerade\n\t}\n}\n",
			"4:3: error: Could not process rule: Operation not supported (masquerade cannot run in filter chain 'c' on the output hook) [wrong-hook]",
		],
		[
			"add rule ip t c accept\n",
			"1:15: error: Could not process rule: No such file or directory (table ip t does not exist) [unknown-table]",
		],
		[
			"table ip t { chain c { ip saddr \u001b[31m } }\n",
			"1:33: error: syntax error, unexpected junk [syntax-error]",
		],
	])("%j", (text, expected) => {
		expect(first(text)).toBe(expected);
	});
});

describe("nft JSON: diagnostics with the command's line and a JSON path", () => {
	test.each([
		['{"nftables": [', "1:15: error: JSON syntax error"],
		[
			'{"tables": []}',
			'1:1: error: Unexpected JSON: no "nftables" array (at $) [json]',
		],
		[
			'{"nftables": [\n{"table": {"family": "ip", "name": "t"}},\n{"bogus": {}}]}',
			"3:1: error: Unknown object 'bogus' (at $.nftables[1].bogus) [json]",
		],
		[
			'{"nftables": [\n{"table": {"family": "ip", "name": "t"}},\n{"chain": {"family": "ip", "table": "t", "name": "c"}},\n{"rule": {"family": "ip", "table": "t", "chain": "c", "expr": [{"frob": 1}]}}]}',
			"4:1: error: Unknown statement object 'frob' (at $.nftables[2].rule.expr[0]) [json]",
		],
	])("%j", (text, expected) => {
		expect(first(text, true).startsWith(expected)).toBe(true);
	});
});

describe("nft text: what the reader keeps", () => {
	test("handles, comments, named priorities and a verdict map print back", () => {
		const text = [
			"table inet f { # handle 1",
			"\tmap m { # handle 2",
			"\t\ttype ipv4_addr . inet_service : verdict",
			"\t\telements = { 10.0.0.1 . 22 : accept,",
			"\t\t\t     10.0.0.2 . 80 : drop }",
			"\t}",
			"",
			"\tchain c { # handle 3",
			"\t\ttype filter hook input priority filter - 1; policy drop;",
			'\t\tct state established,related accept comment "ok" # handle 4',
			"\t\tip daddr . tcp dport vmap @m # handle 5",
			"\t\tmeta mark & 0x00004000 == 0x00000000 return # handle 6",
			"\t}",
			"}",
			"",
		].join("\n");
		const result = loadNftText(text);
		expect(result.diagnostics).toEqual([]);
		expect(result.ruleset.tables[0]?.chains[0]?.base?.priority).toBe(-1);
		expect(printNftRuleset(result.ruleset, { handles: true })).toBe(text);
	});
});
