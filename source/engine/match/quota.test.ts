import { describe, expect, test } from "vitest";
import {
	makeContext,
	parsedData,
} from "../../../test/helpers/fixture-context.js";
import { quotaMatch } from "./quota.js";

describe("quota match", () => {
	test.each([
		["--quota 150", [60, 60, 60, 10], "MM.."],
		["--quota 120", [60, 60, 1], "MM."],
		["! --quota 100", [60, 60, 10], ".MM"],
	])("%s with lengths %j → %s", (options, lengths, expected) => {
		const data = parsedData(quotaMatch, options);
		let context = makeContext();
		const out = lengths
			.map((length) => {
				context = makeContext({ base: context, packet: { length } });
				return quotaMatch.evaluate(data, context).result === "match"
					? "M"
					: ".";
			})
			.join("");
		expect(out).toBe(expected);
	});

	test("describe", () => {
		expect(quotaMatch.describe(parsedData(quotaMatch, "--quota 1000"))).toBe(
			"quota: 1000 bytes",
		);
	});
});
