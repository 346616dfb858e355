import { describe, expect, test } from "vitest";
import { tokenizeRuleLine } from "../../source/engine/parse/tokenize-line.js";

describe("tokenizeRuleLine", () => {
	test.each([
		["-A INPUT -j ACCEPT", ["-A", "INPUT", "-j", "ACCEPT"]],
		["  -A\tINPUT  ", ["-A", "INPUT"]],
		['--comment "a b"', ["--comment", "a b"]],
		['--comment "say \\"hi\\""', ["--comment", 'say "hi"']],
		['--comment "back\\\\slash"', ["--comment", "back\\slash"]],
		['a"b c"', ["ab c"]],
		['"a"b', ["a", "b"]],
		['""', [""]],
		["-j ACCEPT\r", ["-j", "ACCEPT\r"]],
	])("%j", (line, words) => {
		expect(tokenizeRuleLine(line).tokens.map((t) => t.text)).toEqual(words);
	});

	test("columns are 1-based and quoted words are marked", () => {
		const { tokens } = tokenizeRuleLine('-m comment --comment "-x"');
		expect(tokens.map((t) => [t.column, t.quoted])).toEqual([
			[1, false],
			[4, false],
			[12, false],
			[22, true],
		]);
	});

	test("an open quote is reported", () => {
		expect(tokenizeRuleLine('--comment "abc').unterminatedQuote).toBe(11);
	});
});
