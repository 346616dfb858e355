import { describe, expect, test } from "vitest";
import { loadNftText } from "./load-nft.js";

describe("nft commit checks over deep jump graphs", () => {
	test("a loop closed 10,000 jumps down is reported at its jump (no stack overflow)", () => {
		const depth = 10_000;
		const chains = Array.from(
			{ length: depth },
			(_, i) => `\tchain c${i} {\n\t\tjump c${i + 1}\n\t}\n`,
		).join("");
		const text = `table ip t {\n${chains}\tchain c${depth} {\n\t\tjump c0\n\t}\n}\n`;
		const result = loadNftText(text, { source: "t" });
		expect(result.wouldLoad).toBe(false);
		expect(
			result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`),
		).toEqual([`${3 * depth + 3}:3 jump-loop`]);
	});
});
