import { describe, expect, test } from "vitest";
import {
	makeContext,
	rawOptions,
	sampleParseContext,
} from "../../../test/helpers/fixture-context.js";
import { icmpMatch } from "./icmp.js";
import { parseIcmpType } from "./icmp-types.js";

const icmpContext = { ...sampleParseContext, protocol: 1 };

function icmp(type: number, code: number) {
	return {
		protocol: 1,
		sport: undefined,
		dport: undefined,
		tcp: undefined,
		icmp: { type, code },
	};
}

describe("icmp match", () => {
	test.each([
		["--icmp-type 8", icmp(8, 0), "match"],
		["--icmp-type echo-request", icmp(8, 0), "match"],
		["--icmp-type echo-reply", icmp(8, 0), "no-match"],
		["! --icmp-type 8", icmp(0, 0), "match"],
		["--icmp-type 3/3", icmp(3, 3), "match"],
		["--icmp-type 3/3", icmp(3, 1), "no-match"],
		["--icmp-type destination-unreachable", icmp(3, 13), "match"],
		["--icmp-type port-unreachable", icmp(3, 3), "match"],
		["--icmp-type port-unreachable", icmp(3, 4), "no-match"],
		["--icmp-type any", icmp(42, 7), "match"],
		["! --icmp-type any", icmp(42, 7), "no-match"],
		["--icmp-type time-exceeded", icmp(11, 1), "match"],
		["--icmp-type ping", icmp(8, 0), "match"],
	] as const)("%s on %j → %s", (options, packet, expected) => {
		const { data, diagnostics } = icmpMatch.parse(
			rawOptions(options),
			icmpContext,
		);
		expect(diagnostics).toEqual([]);
		expect(icmpMatch.evaluate(data, makeContext({ packet })).result).toBe(
			expected,
		);
	});

	test("non-first fragments never match", () => {
		const { data } = icmpMatch.parse(
			rawOptions("! --icmp-type 8"),
			icmpContext,
		);
		const packet = { ...icmp(0, 0), fragmentOffset: 3 };
		expect(icmpMatch.evaluate(data, makeContext({ packet })).result).toBe(
			"no-match",
		);
	});

	test.each([
		["--icmp-type 8", "icmp icmptype 8"],
		["--icmp-type 3/3", "icmp icmptype 3 code 3"],
		["! --icmp-type any", "icmp !icmptype any"],
	])("describe %s → %s", (options, text) => {
		expect(
			icmpMatch.describe(
				icmpMatch.parse(rawOptions(options), icmpContext).data,
			),
		).toBe(text);
	});

	test.each([
		["echo-req", 8, 0, 255],
		["host-prohibited", 3, 10, 10],
		["3/300", undefined, 0, 0],
		["bogus", undefined, 0, 0],
	])("parseIcmpType(%s)", (text, type, min, max) => {
		const spec = parseIcmpType(text);
		if (type === undefined) expect(spec).toBeUndefined();
		else
			expect([spec?.type, spec?.codeMin, spec?.codeMax]).toEqual([
				type,
				min,
				max,
			]);
	});

	test("invalid type is an error", () => {
		const { diagnostics } = icmpMatch.parse(
			rawOptions("--icmp-type nope"),
			icmpContext,
		);
		expect(diagnostics[0]?.message).toBe("Invalid ICMP type `nope'");
	});
});
