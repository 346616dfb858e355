import { describe, expect, test } from "vitest";
import {
	makeContext,
	rawOptions,
	sampleParseContext,
} from "../../../test/helpers/fixture-context.js";
import { commentMatch } from "./comment.js";

describe("comment match", () => {
	test.each([["--comment hello"], ["--comment x"]])(
		"%s always matches and keeps the text",
		(options) => {
			const { data } = commentMatch.parse(
				[
					{
						name: "--comment",
						invert: false,
						args: [options.slice(10)],
						column: 1,
					},
				],
				{
					table: "filter",
					chain: "INPUT",
					family: "ipv4",
					protocol: 0,
					protocolInverted: false,
					source: "t",
					line: 1,
				},
			);
			expect(commentMatch.evaluate(data, makeContext()).result).toBe("match");
			expect(commentMatch.describe(data)).toBe(`/* ${options.slice(10)} */`);
		},
	);

	test("longer than 255 bytes: cut with a warning, the rule loads (iptables 1.8.9)", () => {
		const { data, diagnostics } = commentMatch.parse(
			rawOptions(`--comment ${"x".repeat(256)}`),
			sampleParseContext,
		);
		expect(data.text).toBe("x".repeat(255));
		expect(diagnostics.map((d) => [d.severity, d.fatal])).toEqual([
			["warning", false],
		]);
	});
});
