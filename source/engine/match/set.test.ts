import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import { setMatch } from "./set.js";
import type { IpSet } from "./types.js";

const member = (text: string, nomatch = false) => ({ text, nomatch });
const sets = new Map<string, IpSet>([
	[
		"ips",
		{
			name: "ips",
			type: "hash:ip",
			members: [member("10.0.0.1"), member("10.0.0.9")],
		},
	],
	[
		"nets",
		{
			name: "nets",
			type: "hash:net",
			members: [member("10.0.0.0/8"), member("10.0.0.0/24", true)],
		},
	],
	[
		"svc",
		{
			name: "svc",
			type: "hash:ip,port",
			members: [member("10.0.0.2,tcp:80"), member("10.0.0.2,udp:53")],
		},
	],
	[
		"ports",
		{ name: "ports", type: "bitmap:port", members: [member("tcp:80")] },
	],
	[
		"list",
		{ name: "list", type: "list:set", members: [member("svc"), member("ips")] },
	],
	[
		"macs",
		{ name: "macs", type: "hash:mac", members: [member("00:11:22:33:44:55")] },
	],
]);

describe("set match", () => {
	test.each([
		["--match-set ips src", "match"],
		["--match-set ips dst", "no-match"],
		["! --match-set ips dst", "match"],
		["--match-set nets src", "no-match"],
		["--match-set nets src --return-nomatch", "match"],
		["--match-set nets dst", "no-match"],
		["--match-set svc dst,dst", "match"],
		["--match-set svc src,dst", "no-match"],
		["--match-set svc dst", "no-match"],
		["--match-set list dst,dst", "match"],
		["--match-set list src", "match"],
		["--match-set missing src", "unknown"],
		["! --match-set missing src", "unknown"],
		["--match-set macs src", "unknown"],
		["--match-set ips src --packets-gt 10", "unknown"],
	])("%s → %s", (options, expected) => {
		expect(resultOf(setMatch, options, { ipsets: sets })).toBe(expected);
	});

	test("describe", () => {
		expect(
			setMatch.describe(
				parsedData(setMatch, "! --match-set allowed src,dst --return-nomatch"),
			),
		).toBe("! match-set allowed src,dst return-nomatch");
	});
});
