/**
 * The family-neutral matches on IPv6 packets (iprange, recent, hashlimit,
 * set, conntrack's address options): each reads the rule's IPv6 options
 * and the packet's IPv6 addresses. Kernel-recorded end to end in
 * test/fixtures/scenarios-own/ip6-matches-state.
 */
import { describe, expect, test } from "vitest";
import {
	makeContext,
	memoryStore,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import type { Packet6 } from "../model/packet.js";
import { readIpv6Text } from "../net/ipv6-text.js";
import { hashlimitMatch } from "./hashlimit.js";
import { iprangeMatch } from "./iprange.js";
import { lookupSet } from "./ipset-lookup.js";
import { recentMatch } from "./recent.js";
import { u32Match } from "./u32.js";

const v6 = (text: string) => readIpv6Text(text) ?? "";
const six = { family: "ipv6" } as const;

function packet6(src: string, dst: string): Partial<Packet6> {
	return {
		family: "ipv6",
		src: v6(src),
		dst: v6(dst),
		flowLabel: 0,
		extHeaders: [],
		protocol: 17,
		sport: 4000,
		dport: 5000,
	};
}

describe("iprange on IPv6", () => {
	test.each([
		["--src-range fd00:2::1-fd00:2::3", "fd00:2::3", "match"],
		["--src-range fd00:2::1-fd00:2::3", "fd00:2::4", "no-match"],
		["! --src-range fd00:2::1-fd00:2::3", "fd00:2::4", "match"],
		["--src-range fd00:2::ff-fd00:2::1:0", "fd00:2::100", "match"],
	])("%s, source %s → %s", (options, src, expected) => {
		expect(
			resultOf(
				iprangeMatch,
				options,
				{ packet: packet6(src, "fd00:2::15") },
				six,
			),
		).toBe(expected);
	});
});

describe("recent on IPv6", () => {
	test("a list's mask groups a /64, IPv4 entries apart", () => {
		const set = parsedData(
			recentMatch,
			"--set --name r --mask ffff:ffff:ffff:ffff::",
			six,
		);
		const check = parsedData(
			recentMatch,
			"--rcheck --name r --mask ffff:ffff:ffff:ffff::",
			six,
		);
		const shared = memoryStore();
		const at = (src: string) =>
			makeContext({ packet: packet6(src, "fd00:2::15"), shared });
		expect(recentMatch.evaluate(set, at("fd00:2::3")).result).toBe("match");
		expect(recentMatch.evaluate(check, at("fd00:2::4")).result).toBe("match");
		expect(recentMatch.evaluate(check, at("fd00:3::4")).result).toBe(
			"no-match",
		);
	});

	test("the mask of the rule loaded first is the list's", () => {
		const check = parsedData(
			recentMatch,
			"--rcheck --name r --mask ffff:ffff:ffff:ffff::",
			six,
		);
		const set = parsedData(recentMatch, "--set --name r", six);
		const first = recentMatch.sharedTable?.(
			parsedData(recentMatch, "--set --name r"),
			"ipv4",
		);
		const shared = memoryStore();
		const at = (src: string) =>
			makeContext({
				packet: packet6(src, "fd00:2::15"),
				shared,
				loadedTable: (key) => (key === first?.key ? first.config : undefined),
			});
		// The IPv6 rules' /64 counts for nothing: the IPv4 rule made the list.
		const setSlash64 = parsedData(
			recentMatch,
			"--set --name r --mask ffff:ffff:ffff:ffff::",
			six,
		);
		recentMatch.evaluate(setSlash64, at("fd00:2::3"));
		expect(recentMatch.evaluate(check, at("fd00:2::4")).result).toBe(
			"no-match",
		);
		recentMatch.evaluate(set, at("fd00:2::4"));
		expect(recentMatch.evaluate(check, at("fd00:2::4")).result).toBe("match");
	});
});

describe("hashlimit on IPv6", () => {
	test("one bucket per /64 source", () => {
		const data = parsedData(
			hashlimitMatch,
			"--hashlimit-above 1/min --hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-srcmask 64 --hashlimit-name h",
			six,
		);
		const shared = memoryStore();
		const at = (src: string) =>
			makeContext({ packet: packet6(src, "fd00:2::15"), shared, time: 1 });
		const results = ["fd00:2::3", "fd00:2::4", "fd00:2::3", "fd00:9::1"].map(
			(src) => hashlimitMatch.evaluate(data, at(src)).result,
		);
		expect(results).toEqual(["no-match", "no-match", "match", "no-match"]);
	});
});

describe("ipset lookups of IPv6 packets", () => {
	const probe = {
		packet: { ...packet6("fd00:2::3", "fd00:2::15") } as Packet6,
		mark: 0,
		sides: ["src"] as const,
	};
	test.each([
		["hash:net", "ipv6", "fd00:2::/64", "hit"],
		["hash:ip", "ipv6", "fd00:2::3", "hit"],
		["hash:ip", "ipv6", "fd00:2::4", "miss"],
		// ip_set_test: a set of the other family never matches.
		["hash:net", "ipv4", "0.0.0.0/0", "miss"],
	] as const)("%s family %s with %s → %s", (type, family, element, kind) => {
		const set = {
			name: "s",
			type,
			family,
			members: [{ text: element, nomatch: false }],
		};
		expect(lookupSet(set, probe, new Map()).kind).toBe(kind);
	});
});

describe("u32 on IPv6", () => {
	const udp = {
		...packet6("fd00:2::3", "fd00:2::15"),
		length: 48,
		ttl: 64,
		udp: { length: 8 },
	};
	test.each([
		// Bytes 4-7: payload length, next header, hop limit.
		['--u32 "4>>8&0xFF=17"', "match"],
		['--u32 "4&0xFF=64"', "match"],
		['--u32 "8=0xfd000002"', "match"],
		['--u32 "40>>16=4000"', "match"],
		['--u32 "40>>16=4001"', "no-match"],
	])("%s → %s", (options, expected) => {
		expect(
			resultOf(u32Match, options.replaceAll('"', ""), { packet: udp }, six),
		).toBe(expected);
	});

	test("what follows extension headers is unknown", () => {
		expect(
			resultOf(
				u32Match,
				"--u32 40>>16=4000",
				{ packet: { ...udp, extHeaders: [{ kind: "dst" }] } },
				six,
			),
		).toBe("unknown");
	});
});
