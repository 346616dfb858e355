import { describe, expect, test } from "vitest";
import {
	messagesOf,
	parsedData,
	resultOf,
	stubHost,
} from "../../../test/helpers/fixture-context.js";
import { addrtypeMatch } from "./addrtype.js";

// 10.0.0.2 is local on eth1 only; 10.0.0.255 is broadcast.
const host = stubHost({
	[String(0x0a000002)]: "LOCAL",
	[`${0x0a000002}@eth1`]: "LOCAL",
	[`${0x0a000002}@eth0`]: "UNICAST",
	[String(0x0a0000ff)]: "BROADCAST",
});

describe("addrtype match", () => {
	test.each([
		["--dst-type LOCAL", {}, "match"],
		["! --dst-type LOCAL", {}, "no-match"],
		[
			"--dst-type BROADCAST,MULTICAST",
			{ packet: { dst: 0x0a0000ff } },
			"match",
		],
		["--src-type LOCAL", {}, "no-match"],
		["! --src-type LOCAL --dst-type LOCAL", {}, "match"],
		["--dst-type LOCAL --limit-iface-in", { inInterface: "eth0" }, "no-match"],
		["--dst-type LOCAL --limit-iface-in", { inInterface: "eth1" }, "match"],
		[
			"--dst-type LOCAL --limit-iface-in",
			{ hook: "OUTPUT" as const },
			"unknown",
		],
	])("%s %j → %s", (options, overrides, expected) => {
		expect(resultOf(addrtypeMatch, options, { host, ...overrides })).toBe(
			expected,
		);
	});

	test("describe", () => {
		expect(
			addrtypeMatch.describe(
				parsedData(addrtypeMatch, "! --src-type LOCAL --dst-type UNICAST"),
			),
		).toBe("ADDRTYPE match src-type !LOCAL dst-type UNICAST");
	});

	test.each([
		["--dst-type FOO", ['addrtype: bad type "FOO"']],
		[
			"--limit-iface-in --limit-iface-out",
			["addrtype: can't specify both --limit-iface-in and --limit-iface-out"],
		],
	])("diagnostics %s", (options, messages) => {
		expect(messagesOf(addrtypeMatch, options)).toEqual(messages);
	});
});
