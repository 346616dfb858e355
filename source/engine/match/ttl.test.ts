import { describe, expect, test } from "vitest";
import {
	messagesOf,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import { ttlMatch } from "./ttl.js";

describe("ttl match", () => {
	test.each([
		["--ttl-eq 64", "match"],
		["! --ttl-eq 64", "no-match"],
		["! --ttl-eq 63", "match"],
		["--ttl-lt 65", "match"],
		["--ttl-lt 64", "no-match"],
		["--ttl-gt 63", "match"],
		["--ttl-gt 64", "no-match"],
	])("%s on TTL 64 → %s", (options, expected) => {
		expect(resultOf(ttlMatch, options)).toBe(expected);
	});

	test("describe and errors", () => {
		expect(ttlMatch.describe(parsedData(ttlMatch, "! --ttl-eq 1"))).toBe(
			"TTL match TTL != 1",
		);
		expect(messagesOf(ttlMatch, "! --ttl-lt 3")).toEqual([
			'option "--ttl-lt" cannot be inverted',
		]);
		expect(messagesOf(ttlMatch, "--ttl-eq 300")).toEqual([
			'ttl: invalid value "300"',
		]);
	});
});
