import { describe, expect, test } from "vitest";
import { parsePortRange } from "./port-range.js";

describe("port ranges", () => {
	test.each([
		["22", { min: 22, max: 22 }],
		["1000:2000", { min: 1000, max: 2000 }],
		[":1023", { min: 0, max: 1023 }],
		["1024:", { min: 1024, max: 65535 }],
		["ssh", { min: 22, max: 22 }],
		["65536", undefined],
		["a:b", undefined],
	])("parsePortRange(%s)", (text, range) => {
		expect(parsePortRange(text)).toEqual(range);
	});
});
