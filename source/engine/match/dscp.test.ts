import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import { dscpMatch, ecnMatch } from "./dscp.js";

const tcp = (flags: number) => ({
	seq: 0,
	ack: 0,
	window: 0,
	res: 0,
	flags,
	urgp: 0,
});

describe("dscp and ecn matches", () => {
	test.each([
		["--dscp 46", 0xb8, "match"],
		["--dscp 0x2e", 0xb9, "match"],
		["--dscp-class EF", 0xb8, "match"],
		["--dscp-class AF11", 0xb8, "no-match"],
		["! --dscp 0", 0x00, "no-match"],
	])("dscp %s with tos %d → %s", (options, tos, expected) => {
		expect(resultOf(dscpMatch, options, { packet: { tos } })).toBe(expected);
	});

	test.each([
		["--ecn-ip-ect 3", { tos: 3 }, "match"],
		["! --ecn-ip-ect 0", { tos: 1 }, "match"],
		["--ecn-tcp-ece", { tcp: tcp(0x42) }, "match"],
		["--ecn-tcp-cwr", { tcp: tcp(0x42) }, "no-match"],
		["! --ecn-tcp-cwr", { tcp: tcp(0x42) }, "match"],
		["--ecn-tcp-ece", { protocol: 17, tcp: undefined }, "no-match"],
	])("ecn %s on %j → %s", (options, packet, expected) => {
		expect(resultOf(ecnMatch, options, { packet })).toBe(expected);
	});

	test("describe", () => {
		expect(dscpMatch.describe(parsedData(dscpMatch, "--dscp-class AF41"))).toBe(
			"DSCP match 0x22",
		);
		expect(
			ecnMatch.describe(parsedData(ecnMatch, "--ecn-tcp-ece ! --ecn-ip-ect 1")),
		).toBe("ECN match ECE !ECT=1");
	});
});
