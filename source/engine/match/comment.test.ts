import { describe, expect, test } from "vitest";
import {
	makeContext,
	messagesOf,
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

	test("too long", () => {
		expect(messagesOf(commentMatch, `--comment ${"x".repeat(256)}`)).toEqual([
			"comment may not exceed 255 characters",
		]);
	});
});
