import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import { lengthMatch } from "./length.js";

describe("length match", () => {
	test.each([
		["--length 60", "match"],
		["--length 0:59", "no-match"],
		["! --length 0:59", "match"],
		["--length 61:", "no-match"],
		["--length :60", "match"],
	])("%s on 60 bytes → %s", (options, expected) => {
		expect(resultOf(lengthMatch, options)).toBe(expected);
	});

	test("describe", () => {
		expect(
			lengthMatch.describe(parsedData(lengthMatch, "! --length 0:128")),
		).toBe("length !0:128");
	});
});
