import { describe, expect, test } from "vitest";
import {
	parsedData,
	resultOf,
	samplePacket,
} from "../../../test/helpers/fixture-context.js";
import { findMss, tcpmssMatch } from "./tcpmss.js";

const withOptions = (options: string | undefined) => {
	const { options: _, ...tcp } = samplePacket.tcp ?? {
		seq: 0,
		ack: 0,
		window: 0,
		res: 0,
		flags: 2,
		urgp: 0,
	};
	return { tcp: options === undefined ? tcp : { ...tcp, options } };
};

describe("tcpmss match", () => {
	test.each([
		["--mss 1460", "020405B4", "match"],
		["--mss 1000:1400", "020405B4", "no-match"],
		["! --mss 1000:1400", "020405B4", "match"],
		["--mss 1460", "0101080A", "no-match"],
		["! --mss 1460", "", "match"],
		["--mss 1460", undefined, "unknown"],
	])("%s with options %s → %s", (options, hex, expected) => {
		expect(resultOf(tcpmssMatch, options, { packet: withOptions(hex) })).toBe(
			expected,
		);
	});

	test("findMss and describe", () => {
		expect(findMss("01010402020405B4")).toBe(1460);
		expect(tcpmssMatch.describe(parsedData(tcpmssMatch, "--mss 1:500"))).toBe(
			"tcpmss match 1:500",
		);
	});
});
