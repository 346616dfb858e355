import { describe, expect, test } from "vitest";
import {
	messagesOf,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import { macMatch, sourceMacOf } from "./mac.js";

const mac = "12:ea:ca:ca:47:46:6e:9a:ea:45:21:ad:08:00";

describe("mac match", () => {
	test.each([
		["--mac-source 6E:9A:EA:45:21:AD", { meta: { mac } }, "match"],
		["--mac-source 12:ea:ca:ca:47:46", { meta: { mac } }, "no-match"],
		["! --mac-source 12:ea:ca:ca:47:46", { meta: { mac } }, "match"],
		["--mac-source 6e:9a:ea:45:21:ad", {}, "unknown"],
		["! --mac-source 6e:9a:ea:45:21:ad", { inInterface: "" }, "no-match"],
	])("%s %j → %s", (options, overrides, expected) => {
		expect(resultOf(macMatch, options, overrides)).toBe(expected);
	});

	test("source bytes", () => {
		expect(sourceMacOf(mac)).toBe("6e:9a:ea:45:21:ad");
	});

	test("describe and errors", () => {
		expect(
			macMatch.describe(parsedData(macMatch, "--mac-source 0:1:2:3:4:5")),
		).toBe("MAC 00:01:02:03:04:05");
		expect(messagesOf(macMatch, "--mac-source 00:11")).toEqual([
			'Bad mac address "00:11"',
		]);
		expect(macMatch.allowedHooks).toEqual(["PREROUTING", "INPUT", "FORWARD"]);
	});
});
