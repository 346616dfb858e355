import { describe, expect, test } from "vitest";
import { parseRejectType } from "./reject.js";

describe("--reject-with as iptables 1.8.9 reads it (prefix, any case)", () => {
	test.each([
		["i", "ipv4", "icmp-net-unreachable"],
		["icmp-host", "ipv4", "icmp-host-unreachable"],
		["TCP-RESET", "ipv4", "tcp-reset"],
		["tcp-rst", "ipv4", "tcp-reset"],
		["port-unreach", "ipv4", "icmp-port-unreachable"],
		["icmp6-port-unreachable", "ipv4", undefined],
		["policy-fail", "ipv4", undefined],
		["i", "ipv6", "icmp6-no-route"],
		["a", "ipv6", "icmp6-adm-prohibited"],
		["policy-fail", "ipv6", "icmp6-policy-fail"],
		["tcp-rst", "ipv6", undefined],
		["icmp-port-unreachable", "ipv6", undefined],
	] as const)("%s (%s) → %s", (text, family, stored) => {
		expect(parseRejectType(text, family)).toBe(stored);
	});
});
