import { describe, expect, test } from "vitest";
import {
	makeContext,
	rawOptions,
	sampleParseContext,
} from "../../../test/helpers/fixture-context.js";
import { dccpMatch, sctpMatch } from "./sctp.js";
import { udpliteMatch, udpMatch } from "./udp.js";

const udpContext = { ...sampleParseContext, protocol: 17 };
const udpPacket = { protocol: 17, sport: 5353, dport: 53, tcp: undefined };

describe("udp, udplite, sctp, dccp", () => {
	test.each([
		["--dport 53", "match"],
		["! --dport 53", "no-match"],
		["--sport 5000:6000 --dport 53", "match"],
		["--sport :1023", "no-match"],
	] as const)("udp %s → %s", (options, expected) => {
		const { data, diagnostics } = udpMatch.parse(
			rawOptions(options),
			udpContext,
		);
		expect(diagnostics).toEqual([]);
		expect(
			udpMatch.evaluate(data, makeContext({ packet: udpPacket })).result,
		).toBe(expected);
	});

	test("udp describe", () => {
		const { data } = udpMatch.parse(
			rawOptions("--sport 68 --dport 67"),
			udpContext,
		);
		expect(udpMatch.describe(data)).toBe("udp spt:68 dpt:67");
	});

	test("udplite needs -p udplite", () => {
		expect(
			udpliteMatch.parse(rawOptions("--dport 1"), udpContext).diagnostics[0]
				?.code,
		).toBe("protocol-required");
	});

	test.each([
		["--dport 38412", "match"],
		["--dport 38412 --chunk-types any INIT", "unknown"],
		["--dport 1 --chunk-types any INIT", "no-match"],
	] as const)("sctp %s → %s", (options, expected) => {
		const { data, diagnostics } = sctpMatch.parse(rawOptions(options), {
			...sampleParseContext,
			protocol: 132,
		});
		expect(diagnostics).toEqual([]);
		const packet = {
			protocol: 132,
			sport: 38412,
			dport: 38412,
			tcp: undefined,
		};
		expect(sctpMatch.evaluate(data, makeContext({ packet })).result).toBe(
			expected,
		);
	});

	test("dccp keeps --dccp-types", () => {
		const { data } = dccpMatch.parse(rawOptions("--dccp-types REQUEST"), {
			...sampleParseContext,
			protocol: 33,
		});
		expect(dccpMatch.describe(data)).toBe("dccp --dccp-types REQUEST");
	});
});
