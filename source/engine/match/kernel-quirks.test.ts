import { describe, expect, test } from "vitest";
import { parseConnlimitMask } from "./connlimit.js";
import { resolvePort } from "./protocol-ports.js";

describe("values as iptables 1.8.9 stores them (read back with iptables-legacy-save)", () => {
	test.each([
		["65536", 0],
		["70000", 4464],
		["131073", 1],
		["4294967296", 0],
		["4294967295", undefined],
		["-1", undefined],
		["010", 10],
		["0x10", undefined],
		[" 5", 5],
		["ssh", 22],
	] as const)("udp/dccp port %j → %s", (text, port) => {
		expect(resolvePort(text)).toBe(port);
	});

	test.each([
		["33", "ipv4", 32],
		["4294967295", "ipv4", 32],
		["4294967296", "ipv4", undefined],
		["255.255.0.0", "ipv4", 16],
		["255.0.255.0", "ipv4", 32],
		["0x10", "ipv4", 16],
		["-1", "ipv4", undefined],
		["128", "ipv6", 128],
		["129", "ipv6", undefined],
	] as const)("connlimit mask %s (%s) → %s", (text, family, prefix) => {
		expect(parseConnlimitMask(text, family)).toBe(prefix);
	});
});
