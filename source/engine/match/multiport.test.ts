import { describe, expect, test } from "vitest";
import {
	makeContext,
	rawOptions,
	sampleParseContext,
} from "../../../test/helpers/fixture-context.js";
import { multiportMatch } from "./multiport.js";

describe("multiport match", () => {
	test.each([
		["--dports 22,80,443", "match"],
		["--dports 22,443", "no-match"],
		["! --dports 22,443", "match"],
		["--dports 1:79,81", "no-match"],
		["--dports 79:81", "match"],
		["--sports 40000", "match"],
		["--ports 40000", "match"],
		["--ports 80", "match"],
		["! --ports 80,22", "no-match"],
	] as const)("%s → %s", (options, expected) => {
		const { data, diagnostics } = multiportMatch.parse(
			rawOptions(options),
			sampleParseContext,
		);
		expect(diagnostics).toEqual([]);
		expect(multiportMatch.evaluate(data, makeContext()).result).toBe(expected);
	});

	test("describe", () => {
		const { data } = multiportMatch.parse(
			rawOptions("! --dports 22,1000:2000"),
			sampleParseContext,
		);
		expect(multiportMatch.describe(data)).toBe(
			"multiport dports ! 22,1000:2000",
		);
	});

	test.each([
		["--dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", 6, []],
		[
			"--dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16",
			6,
			["too many ports specified"],
		],
		[
			"--dports 22",
			0,
			["multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP"],
		],
	] as const)("diagnostics for %s", (options, protocol, messages) => {
		const { diagnostics } = multiportMatch.parse(rawOptions(options), {
			...sampleParseContext,
			protocol,
		});
		expect(diagnostics.map((d) => d.message)).toEqual(messages);
	});
});
