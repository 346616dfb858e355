import { describe, expect, test } from "vitest";
import { findTargetModule, targetModuleNames } from "./registry.js";

describe("target registry", () => {
	test.each([
		"LOG",
		"NFLOG",
		"ULOG",
		"REJECT",
		"DNAT",
		"SNAT",
		"MASQUERADE",
		"REDIRECT",
		"NETMAP",
		"MARK",
		"CONNMARK",
		"NOTRACK",
		"CT",
		"TRACE",
		"TCPMSS",
		"CHECKSUM",
		"TOS",
		"DSCP",
		"TTL",
		"CLASSIFY",
		"TPROXY",
		"NFQUEUE",
		"AUDIT",
		"SET",
		"SYNPROXY",
		"MIRROR",
		"SAME",
		"TEE",
	])("has %s", (name) => {
		expect(findTargetModule(name)?.name).toBe(name);
	});

	test("verdicts are not extensions; names are unique", () => {
		for (const verdict of ["ACCEPT", "DROP", "RETURN", "QUEUE"])
			expect(findTargetModule(verdict)).toBeUndefined();
		const names = targetModuleNames();
		expect(new Set(names).size).toBe(names.length);
	});

	test("every target's parse is total on junk", () => {
		for (const name of targetModuleNames()) {
			const junk = [{ name: "--zzz", invert: true, args: ["a"], column: 2 }];
			expect(() =>
				findTargetModule(name)?.parse(junk, {
					table: "filter",
					chain: "INPUT",
					family: "ipv4",
					protocol: 6,
					protocolInverted: false,
					source: "t",
					line: 1,
				}),
			).not.toThrow();
		}
	});
});
