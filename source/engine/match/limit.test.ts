import { describe, expect, test } from "vitest";
import {
	makeContext,
	messagesOf,
	parsedData,
} from "../../../test/helpers/fixture-context.js";
import { limitMatch, user2credits } from "./limit.js";
import { formatAvg, parseRate } from "./rate.js";

function run(options: string, times: readonly number[]): string {
	const data = parsedData(limitMatch, options);
	let context = makeContext();
	return times
		.map((time) => {
			context = makeContext({ base: context, time });
			return limitMatch.evaluate(data, context).result === "match" ? "M" : ".";
		})
		.join("");
}

describe("limit match", () => {
	test.each([
		// The oracle: --limit 2/min logs 5 lines, then nothing for a quick burst.
		["--limit 2/min", [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 1, 2], "MMMMM...."],
		["--limit 2/min", [0, 0, 0, 0, 0, 0, 30, 30, 60], "MMMMM.M.M"],
		["--limit 2/min", [0, 1, 2, 3, 4, 5, 34.9, 35], "MMMMM.M."],
		["--limit 1/sec --limit-burst 1", [0, 0.5, 1, 1.999, 2], "M.M.M"],
		["--limit 3/hour", [0, 1, 2, 3, 4, 5, 1199, 1200], "MMMMM..M"],
		["", [0, 1, 2, 3, 4, 5], "MMMMM."],
	])("%s at %j → %s", (options, times, expected) => {
		expect(run(options, times)).toBe(expected);
	});

	test.each([
		["--limit 2/min", "limit: avg 2/min burst 5"],
		["--limit 10/minute --limit-burst 10", "limit: avg 10/min burst 10"],
		["--limit 1/s", "limit: avg 1/sec burst 5"],
		["", "limit: avg 3/hour burst 5"],
		["--limit 24/day", "limit: avg 1/hour burst 5"],
	])("describe %s", (options, text) => {
		expect(limitMatch.describe(parsedData(limitMatch, options))).toBe(text);
	});

	test.each([
		["--limit 20000/sec", ['Rate too fast "20000/sec"']],
		["--limit 2/fortnight", ['bad rate "2/fortnight"']],
		["--limit-burst 0", ["Overflow, try lower: 12000000/0"]],
	])("errors for %s", (options, messages) => {
		expect(messagesOf(limitMatch, options)).toEqual(messages);
	});

	test("kernel credit arithmetic", () => {
		expect(user2credits(300000)).toBe(960000);
		expect(user2credits(10000)).toBe(32000);
		expect(parseRate("5/m")).toEqual({ count: 5, seconds: 60 });
		expect(formatAvg(3333, 10000)).toBe("3/sec");
	});
});
