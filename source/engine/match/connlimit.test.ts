import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import { connlimitMatch } from "./connlimit.js";

describe("connlimit match", () => {
	test.each([
		[
			"--connlimit-above 6298 --connlimit-mask 32 --connlimit-saddr",
			"#conn src/32 > 6298",
		],
		[
			"--connlimit-upto 4 --connlimit-mask 24 --connlimit-daddr",
			"#conn dst/24 <= 4",
		],
		["! --connlimit-above 2", "#conn src/32 <= 2"],
	])("%s is unknown and reads %s", (options, text) => {
		expect(resultOf(connlimitMatch, options)).toBe("unknown");
		expect(connlimitMatch.describe(parsedData(connlimitMatch, options))).toBe(
			text,
		);
	});
});
