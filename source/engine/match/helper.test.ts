import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import type { CtView } from "../conntrack/types.js";
import { helperMatch } from "./helper.js";

const view = (status: number): CtView => ({
	info: "RELATED",
	entry: {
		id: 1,
		original: { src: 1, dst: 2, protocol: 6, sport: 20, dport: 3000 },
		reply: { src: 2, dst: 1, protocol: 6, sport: 3000, dport: 20 },
		status,
		mark: 0,
		expires: 0,
		created: 0,
		zone: 0,
	},
});

describe("helper match", () => {
	test.each([
		["--helper ftp", view(0), "no-match"],
		["! --helper ftp", view(0), "match"],
		["--helper ftp", view(1), "unknown"],
		["--helper ftp", { info: "INVALID" } as CtView, "no-match"],
	])("%s → %s", (options, conntrack, expected) => {
		expect(resultOf(helperMatch, options, { conntrack })).toBe(expected);
	});

	test("describe", () => {
		expect(helperMatch.describe(parsedData(helperMatch, "--helper ftp"))).toBe(
			'helper match "ftp"',
		);
	});
});
