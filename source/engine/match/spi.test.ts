import { describe, expect, test } from "vitest";
import {
	messagesOf,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import { ahMatch, espMatch } from "./spi.js";

const esp = {
	protocol: 50,
	tcp: undefined,
	sport: undefined,
	dport: undefined,
	spi: 0x1000,
};

describe("esp and ah matches", () => {
	test.each([
		["--espspi 4096", esp, "match"],
		["--espspi 1:100", esp, "no-match"],
		["! --espspi 1:100", esp, "match"],
		["--espspi 4096", { ...esp, spi: undefined }, "unknown"],
	])("%s → %s", (options, packet, expected) => {
		expect(resultOf(espMatch, options, { packet }, { protocol: 50 })).toBe(
			expected,
		);
	});

	test("ah needs -p ah", () => {
		expect(messagesOf(ahMatch, "--ahspi 1", { protocol: 50 })).toEqual([
			"ah match: only valid for protocol 51",
		]);
		expect(
			ahMatch.describe(parsedData(ahMatch, "--ahspi 1:5", { protocol: 51 })),
		).toBe("ah spis:1:5");
	});
});
