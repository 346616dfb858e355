import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import { tosMatch } from "./tos.js";

describe("tos match", () => {
	test.each([
		["--tos 0x10", 0x10, "match"],
		["--tos 0x10", 0x11, "no-match"],
		["--tos Minimize-Delay", 0x90, "match"],
		["--tos Minimize-Delay", 0x50, "match"],
		["--tos 0x10/0x10", 0xff, "match"],
		["! --tos Normal-Service", 0x08, "match"],
	])("%s with tos %d → %s", (options, tos, expected) => {
		expect(resultOf(tosMatch, options, { packet: { tos } })).toBe(expected);
	});

	test("describe", () => {
		expect(
			tosMatch.describe(parsedData(tosMatch, "--tos Minimize-Delay")),
		).toBe("tos match 0x10/0x3f");
	});
});
