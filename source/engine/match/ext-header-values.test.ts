import { expect, test } from "vitest";
import {
	equalsValue,
	inRange,
	parseIdRange,
	readValue,
} from "./ext-header-values.js";
import type { ModuleDiagnostic } from "./option-values.js";

test.each([
	["5", false, { min: 5, max: 5, invert: false }],
	["5:9", true, { min: 5, max: 9, invert: true }],
	[":9", false, { min: 0, max: 9, invert: false }],
	["5:", false, { min: 5, max: 4294967295, invert: false }],
	["x", false, undefined],
])("parseIdRange(%s, invert %s)", (text, invert, expected) => {
	expect(parseIdRange(text, invert)).toEqual(expected);
});

test.each([
	[7, { min: 5, max: 9, invert: false }, true],
	[7, { min: 5, max: 9, invert: true }, false],
	[10, { min: 5, max: 9, invert: true }, true],
	[10, undefined, true],
])("inRange(%s, %o) is %s", (value, range, expected) => {
	expect(inRange(value, range)).toBe(expected);
});

test("[!] N: equality, inverted, absent; a malformed value is reported", () => {
	expect(equalsValue({ value: 8, invert: false }, 8)).toBe(true);
	expect(equalsValue({ value: 8, invert: true }, 8)).toBe(false);
	expect(equalsValue(undefined, 3)).toBe(true);
	const diagnostics: ModuleDiagnostic[] = [];
	const option = { name: "--rt-type", invert: true, args: ["300"], column: 4 };
	expect(readValue(option, diagnostics, "rt: bad value", 255)).toBeUndefined();
	expect(diagnostics.map((d) => d.message)).toEqual(['rt: bad value "300"']);
	expect(
		readValue({ ...option, args: ["0x10"] }, diagnostics, "rt: bad value", 255),
	).toEqual({ value: 16, invert: true });
});
