import { describe, expect, test } from "vitest";
import {
	markedConnection,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import type { CtView } from "../conntrack/types.js";
import { connmarkMatch, markMatch } from "./mark.js";

const ct = markedConnection;

describe("mark and connmark", () => {
	test.each([
		["--mark 0x1", 1, "match"],
		["--mark 1", 3, "no-match"],
		["--mark 0x1/0x1", 3, "match"],
		["! --mark 0x4000/0x4000", 0x4000, "no-match"],
		["! --mark 0x0/0xffff0000", 0x10000, "match"],
		["--mark 0x10", 16, "match"],
	])("mark %s with mark %d → %s", (options, mark, expected) => {
		expect(resultOf(markMatch, options, { meta: { mark } })).toBe(expected);
	});

	test.each([
		["--mark 0x111/0xfff", ct(0x1111), "match"],
		["! --mark 0x0/0xffff0000", ct(0x10000), "match"],
		["--mark 0x0", { info: "INVALID" } as CtView, "no-match"],
		["! --mark 0x1", { info: "UNTRACKED" } as CtView, "no-match"],
	])("connmark %s → %s", (options, conntrack, expected) => {
		expect(resultOf(connmarkMatch, options, { conntrack })).toBe(expected);
	});

	test.each([
		["--mark 0x1", "mark match 0x1"],
		["! --mark 0x4000/0x4000", "mark match ! 0x4000/0x4000"],
	])("describe %s", (options, text) => {
		expect(markMatch.describe(parsedData(markMatch, options))).toBe(text);
	});
});
