import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import { timeMatch } from "./time.js";

// 2024-01-01 was a Monday.
const at = (iso: string) => Date.parse(`${iso}Z`) / 1000;

describe("time match", () => {
	test.each([
		[
			"--timestart 07:00:00 --timestop 19:00:00",
			"2024-01-01T12:00:00",
			"match",
		],
		[
			"--timestart 07:00:00 --timestop 19:00:00",
			"2024-01-01T19:00:01",
			"no-match",
		],
		["--timestart 22:00 --timestop 06:00", "2024-01-01T23:00:00", "match"],
		["--timestart 22:00 --timestop 06:00", "2024-01-01T05:00:00", "match"],
		["--timestart 22:00 --timestop 06:00", "2024-01-01T12:00:00", "no-match"],
		["--weekdays Mon,Tue", "2024-01-01T12:00:00", "match"],
		["--weekdays Sat,Sun", "2024-01-01T12:00:00", "no-match"],
		["! --weekdays Sat,Sun", "2024-01-01T12:00:00", "match"],
		["--weekdays 7", "2024-01-07T12:00:00", "match"],
		["--monthdays 1,15", "2024-01-15T12:00:00", "match"],
		["! --monthdays 1,15", "2024-01-15T12:00:00", "no-match"],
		["--datestop 2038-01-19T03:14:07", "2024-01-01T00:00:00", "match"],
		["--datestart 2024-02", "2024-01-31T23:59:59", "no-match"],
		[
			"--timestart 22:00 --timestop 06:00 --weekdays Mon --contiguous",
			"2024-01-02T05:00:00",
			"match",
		],
		[
			"--timestart 22:00 --timestop 06:00 --weekdays Mon",
			"2024-01-02T05:00:00",
			"no-match",
		],
	])("%s at %s → %s", (options, iso, expected) => {
		expect(resultOf(timeMatch, options, { time: at(iso) })).toBe(expected);
	});

	test("describe", () => {
		expect(
			timeMatch.describe(
				parsedData(
					timeMatch,
					"--timestart 07:00:00 --timestop 19:00:00 --weekdays Mon,Fri",
				),
			),
		).toBe("TIME from 07:00:00 to 19:00:00 on Mon,Fri UTC");
	});
});
