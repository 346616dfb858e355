/**
 * The commit checks as nft 1.0.6 on Linux 6.18 gave them for `nft -f` (each
 * case recorded in a fresh namespace; `nft -c -f` passed every one): a chain
 * entered 16 jumps deep from a base chain is refused with EMLINK at the
 * rule whose addition completed the path (the kernel replays the batch and
 * validates after each rule), a loop no base chain reaches loads, and a
 * statement on the wrong hook is refused with EOPNOTSUPP at whichever came
 * last, its rule or the jump that brings it to the base chain.
 */
import { describe, expect, test } from "vitest";
import { loadNftText } from "./load-nft.js";

/** `base` jumps (or goes) to c1, c1 to c2, ... down to c`depth`. */
function chainOfJumps(depth: number, verb = "jump", baseLast = false): string {
	const base = `\tchain base {\n\t\ttype filter hook input priority 0; policy accept;\n\t\t${verb} c1\n\t}\n`;
	const chains = Array.from(
		{ length: depth },
		(_, i) =>
			`\tchain c${i + 1} {\n${i + 1 < depth ? `\t\t${verb} c${i + 2}\n` : "\t\tcounter\n"}\t}\n`,
	);
	const body = baseLast
		? [...chains.reverse(), base].join("")
		: [base, ...chains].join("");
	return `table ip t {\n${body}}\n`;
}

function first(text: string): string {
	const result = loadNftText(text, { source: "t" });
	const fatal = result.diagnostics.find((d) => d.fatal === true);
	return fatal ? `${fatal.line}:${fatal.column} ${fatal.code}` : "ok";
}

describe("nft commit checks (nft -f on Linux 6.18)", () => {
	test.each([
		["15 jumps deep", chainOfJumps(15), "ok"],
		["16 jumps deep", chainOfJumps(16), "49:3 jump-depth"],
		[
			"20 jumps deep: the jump into depth 16",
			chainOfJumps(20),
			"49:3 jump-depth",
		],
		["16 gotos deep", chainOfJumps(16, "goto"), "49:3 jump-depth"],
		[
			"16 deep, base chain last: its jump",
			chainOfJumps(16, "jump", true),
			"52:3 jump-depth",
		],
		[
			"a loop no base chain reaches",
			"table ip t {\n\tchain a {\n\t\tjump b\n\t}\n\tchain b {\n\t\tjump a\n\t}\n}\n",
			"ok",
		],
		[
			"a loop a base chain reaches",
			"table ip t {\n\tchain in {\n\t\ttype filter hook input priority 0; policy accept;\n\t\tjump a\n\t}\n\tchain a {\n\t\tjump b\n\t}\n\tchain b {\n\t\tjump a\n\t}\n}\n",
			"10:3 jump-loop",
		],
		[
			"masquerade reached by a later jump: the jump",
			"table ip t {\n\tchain x {\n\t\tmasquerade\n\t}\n\tchain in {\n\t\ttype filter hook input priority 0; policy accept;\n\t\tjump x\n\t}\n}\n",
			"7:3 wrong-hook",
		],
		[
			"masquerade added after the jump: the masquerade",
			"table ip t {\n\tchain in {\n\t\ttype filter hook input priority 0; policy accept;\n\t\tjump x\n\t}\n\tchain x {\n\t\tmasquerade\n\t}\n}\n",
			"7:3 wrong-hook",
		],
	])("%s", (_name, text, expected) => {
		expect(first(text)).toBe(expected);
	});

	test("a loop closed 10,000 jumps down under a base chain: found without deep recursion", () => {
		const depth = 10_000;
		const chains = Array.from(
			{ length: depth },
			(_, i) => `\tchain c${i} {\n\t\tjump c${i + 1}\n\t}\n`,
		).join("");
		const base =
			"\tchain in {\n\t\ttype filter hook input priority 0;\n\t\tjump c0\n\t}\n";
		const text = `table ip t {\n${base}${chains}\tchain c${depth} {\n\t\tjump c0\n\t}\n}\n`;
		// c14's jump (into c15, 16 deep) completes a refused path long before the loop closes.
		expect(first(text)).toBe(`${7 + 3 * 14}:3 jump-depth`);
	});
});
