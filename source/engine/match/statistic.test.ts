import { describe, expect, test } from "vitest";
import {
	makeContext,
	messagesOf,
	parsedData,
} from "../../../test/helpers/fixture-context.js";
import { statisticMatch } from "./statistic.js";

function nth(options: string, packets: number): string {
	const data = parsedData(statisticMatch, options);
	let context = makeContext();
	let out = "";
	for (let i = 0; i < packets; i++) {
		context = makeContext({ base: context });
		out +=
			statisticMatch.evaluate(data, context).result === "match" ? "M" : ".";
	}
	return out;
}

describe("statistic match", () => {
	test.each([
		["--mode nth --every 3 --packet 0", "M..M..M"],
		["--mode nth --every 3 --packet 2", "..M..M."],
		["--mode nth --every 1 --packet 0", "MMMMMMM"],
		["--mode nth ! --every 2 --packet 1", "M.M.M.M"],
	])("%s → %s", (options, expected) => {
		expect(nth(options, 7)).toBe(expected);
	});

	test.each([
		["--mode random --probability 0.50000000000", 0.4999, "match"],
		["--mode random --probability 0.50000000000", 0.5, "no-match"],
		["--mode random --probability 0.33333333349", 0.3333, "match"],
		["--mode random ! --probability 0.25", 0.1, "no-match"],
		["--mode random --probability 1", 0.99999, "match"],
		["--mode random --probability 0", 0, "no-match"],
	])("%s with draw %d → %s", (options, draw, expected) => {
		const data = parsedData(statisticMatch, options);
		const outcome = statisticMatch.evaluate(
			data,
			makeContext({ random: () => draw }),
		);
		expect(outcome.result).toBe(expected);
		expect(outcome.reason).toMatch(/^random draw/);
	});

	test("describe and errors", () => {
		expect(
			statisticMatch.describe(
				parsedData(statisticMatch, "--mode random --probability 0.5"),
			),
		).toBe("statistic mode random probability 0.50000000000");
		expect(
			messagesOf(statisticMatch, "--mode nth --every 2 --packet 2"),
		).toEqual(["--packet p must be 0 <= p <= n-1"]);
	});
});
