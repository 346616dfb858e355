import { describe, expect, test } from "vitest";
import {
	messagesOf,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import { iprangeMatch } from "./iprange.js";

describe("iprange match", () => {
	test.each([
		["--src-range 10.0.0.0-10.255.255.255", "match"],
		["! --src-range 10.0.0.0-10.255.255.255", "no-match"],
		["--dst-range 10.0.0.3-10.0.0.9", "no-match"],
		["! --dst-range 10.0.0.3-10.0.0.9", "match"],
		["--src-range 10.0.0.1 --dst-range 10.0.0.2-10.0.0.2", "match"],
		["--src-range 192.168.0.1-255.255.255.255", "no-match"],
	])("%s → %s", (options, expected) => {
		expect(resultOf(iprangeMatch, options)).toBe(expected);
	});

	test("describe", () => {
		expect(
			iprangeMatch.describe(
				parsedData(iprangeMatch, "! --src-range 1.2.3.4-1.2.3.9"),
			),
		).toBe("source IP range ! 1.2.3.4-1.2.3.9");
	});

	test("bad range", () => {
		expect(messagesOf(iprangeMatch, "--src-range 1.2.3-4")).toEqual([
			'iprange: bad range "1.2.3-4"',
		]);
	});
});
