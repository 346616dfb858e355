/**
 * connbytes (xt_connbytes.c): counts include the current packet, `!` swaps
 * the bounds (outside the range), and a packet without a connection never
 * matches.
 */
import { describe, expect, test } from "vitest";
import {
	makeContext,
	messagesOf,
	parsedData,
} from "../../../test/helpers/fixture-context.js";
import { connbytesMatch } from "./connbytes.js";

const counters = {
	originalPackets: 3,
	originalBytes: 300,
	replyPackets: 2,
	replyBytes: 1000,
};
const connection = {
	info: "ESTABLISHED" as const,
	entry: {
		id: 1,
		original: { src: 1, dst: 2, protocol: 6, sport: 1, dport: 2 },
		reply: { src: 2, dst: 1, protocol: 6, sport: 2, dport: 1 },
		status: 0,
		mark: 0,
		expires: 100,
		created: 0,
		zone: 0,
		counters,
	},
};

describe("connbytes", () => {
	test.each([
		["--connbytes 5 --connbytes-dir both --connbytes-mode packets", "match"],
		["--connbytes 6 --connbytes-dir both --connbytes-mode packets", "no-match"],
		[
			"--connbytes 0:3 --connbytes-dir original --connbytes-mode packets",
			"match",
		],
		[
			"--connbytes 1001: --connbytes-dir reply --connbytes-mode bytes",
			"no-match",
		],
		[
			"--connbytes 260:260 --connbytes-dir both --connbytes-mode avgpkt",
			"match",
		],
		[
			"! --connbytes 0:3 --connbytes-dir original --connbytes-mode packets",
			"no-match",
		],
		[
			"! --connbytes 10:20 --connbytes-dir both --connbytes-mode packets",
			"match",
		],
	])("%s → %s", (options, want) => {
		const data = parsedData(connbytesMatch, options);
		expect(
			connbytesMatch.evaluate(data, makeContext({ conntrack: connection }))
				.result,
		).toBe(want);
	});

	test("no connection, no match", () => {
		const data = parsedData(
			connbytesMatch,
			"--connbytes 0: --connbytes-dir both --connbytes-mode packets",
		);
		expect(
			connbytesMatch.evaluate(
				data,
				makeContext({ conntrack: { info: "INVALID" } }),
			).result,
		).toBe("no-match");
	});

	test("all three options are required", () => {
		expect(messagesOf(connbytesMatch, "--connbytes 10")).toEqual([
			'connbytes: option "--connbytes-dir" must be specified',
			'connbytes: option "--connbytes-mode" must be specified',
		]);
		expect(
			messagesOf(
				connbytesMatch,
				"--connbytes 10:5 --connbytes-dir both --connbytes-mode bytes",
			),
		).toEqual(["10 should be less than 5"]);
	});
});
