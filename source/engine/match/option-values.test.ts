import { describe, expect, test } from "vitest";
import { rawOptions } from "../../../test/helpers/fixture-context.js";
import {
	allOf,
	check,
	checkOptions,
	formatValueMask,
	type ModuleDiagnostic,
	matched,
	noMatch,
	parseUnsigned,
	parseValueMask,
	unknownOutcome,
} from "./option-values.js";

describe("option values", () => {
	test.each([
		["10", 10],
		["0x1F", 31],
		["017", 15],
		["0", 0],
		["4294967295", 4294967295],
		["4294967296", undefined],
		["-1", undefined],
		["1e3", undefined],
		["", undefined],
	])("parseUnsigned(%s) = %s", (text, value) => {
		expect(parseUnsigned(text)).toBe(value);
	});

	test.each([
		["0x1", { value: 1, mask: 0xffffffff }, "0x1"],
		["0x4000/0x4000", { value: 0x4000, mask: 0x4000 }, "0x4000/0x4000"],
		["1/x", undefined, ""],
	])("parseValueMask(%s)", (text, parsed, printed) => {
		expect(parseValueMask(text)).toEqual(parsed);
		if (parsed) expect(formatValueMask(parsed)).toBe(printed);
	});

	test("checkOptions reports unknown names, arity and refused !", () => {
		const diagnostics: ModuleDiagnostic[] = [];
		const valid = checkOptions(
			rawOptions("--a 1 --b ! --c x --zz --source-a 2"),
			{
				"--a": { arity: 1 },
				"--b": { arity: 1 },
				"--c": { arity: 1 },
				"--source-a": { arity: 1, alias: "--a" },
			},
			diagnostics,
		);
		expect(valid.map((o) => [o.name, o.args])).toEqual([["--a", ["1"]]]);
		expect(
			diagnostics.map((d) => [d.code, d.message, d.column, d.fatal]),
		).toEqual([
			["option-arity", 'option "--b" requires an argument', 7, true],
			["invalid-invert", 'option "--c" cannot be inverted', 11, true],
			["unknown-option", 'unknown option "--zz"', 19, true],
			// Its alias is the same option: iptables takes it once.
			["repeated-option", 'option "--a" can only be used once', 24, true],
		]);
	});

	test.each([
		[[matched, matched], "match"],
		[[matched, unknownOutcome("u")], "unknown"],
		[[unknownOutcome("u"), noMatch("n")], "no-match"],
		[[], "match"],
	] as const)("allOf %# → %s", (outcomes, result) => {
		expect(allOf(outcomes).result).toBe(result);
	});

	test.each([
		[true, false, "match"],
		[false, false, "no-match"],
		[true, true, "no-match"],
		[false, true, "match"],
	])("check(%s, invert %s) → %s", (pass, invert, result) => {
		expect(check(pass, invert, "why").result).toBe(result);
	});
});
