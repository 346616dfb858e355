import { describe, expect, test } from "vitest";
import { parsePort, parsePortRange } from "./port-range.js";

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

describe("ports as xtables_parse_port stores them (iptables-legacy-save, 1.8.9)", () => {
	test.each([
		["010", 8],
		["0x10", 16],
		["+3", 3],
		["08", undefined],
		["-1", undefined],
		["ssh", 22],
		["65535", 65535],
		["65536", undefined],
	] as const)("tcp port %j → %s", (text, port) => {
		expect(parsePort(text)).toBe(port);
	});
});
