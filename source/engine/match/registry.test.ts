import { describe, expect, test } from "vitest";
import { findMatchModule, matchModuleNames } from "./registry.js";

describe("match registry", () => {
	test.each([
		"tcp",
		"udp",
		"udplite",
		"sctp",
		"dccp",
		"icmp",
		"multiport",
		"conntrack",
		"state",
		"addrtype",
		"comment",
		"mark",
		"connmark",
		"limit",
		"hashlimit",
		"statistic",
		"iprange",
		"mac",
		"physdev",
		"pkttype",
		"owner",
		"length",
		"ttl",
		"tos",
		"dscp",
		"ecn",
		"recent",
		"set",
		"time",
		"connlimit",
		"policy",
		"quota",
		"string",
		"u32",
		"helper",
		"esp",
		"ah",
		"tcpmss",
		"nfacct",
		"devgroup",
		"cpu",
		"socket",
		"rpfilter",
		"bpf",
		"cgroup",
		"ipvs",
		"osf",
		"geoip",
	])("has %s", (name) => {
		expect(findMatchModule(name)?.name).toBe(name);
	});

	test("names are unique and unknown names are undefined", () => {
		const names = matchModuleNames();
		expect(new Set(names).size).toBe(names.length);
		expect(findMatchModule("nosuch")).toBeUndefined();
	});

	test("every module's parse is total on junk options", () => {
		for (const name of matchModuleNames()) {
			const module = findMatchModule(name);
			const junk = [
				{ name: "--zzz", invert: true, args: ["a", "b"], column: 3 },
			];
			expect(() =>
				module?.parse(junk, {
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
