import { describe, expect, test } from "vitest";
import {
	messagesOf,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import { policyMatch } from "./policy.js";

describe("policy match", () => {
	test.each([
		["--dir in --pol none", "INPUT", "match"],
		["--dir in --pol ipsec", "INPUT", "no-match"],
		["--dir out --pol ipsec --proto esp", "POSTROUTING", "no-match"],
		["--dir out --pol none", "INPUT", "unknown"],
	] as const)("%s in %s → %s", (options, hook, expected) => {
		expect(resultOf(policyMatch, options, { hook })).toBe(expected);
	});

	test("describe and errors", () => {
		expect(
			policyMatch.describe(
				parsedData(policyMatch, "--dir in --pol ipsec --mode tunnel"),
			),
		).toBe("policy match dir in pol ipsec --mode tunnel");
		expect(messagesOf(policyMatch, "--pol none")).toEqual([
			"policy match: neither --dir in nor --dir out specified",
		]);
	});
});
