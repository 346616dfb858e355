import { describe, expect, test } from "vitest";
import {
	makeContext,
	messagesOf,
	parsedData,
} from "../../../test/helpers/fixture-context.js";
import { recentMatch } from "./recent.js";

type Step = readonly [rule: string, time: number];

function run(steps: readonly Step[]): string {
	let context = makeContext();
	return steps
		.map(([rule, time]) => {
			context = makeContext({ base: context, time });
			return recentMatch.evaluate(parsedData(recentMatch, rule), context)
				.result === "match"
				? "M"
				: ".";
		})
		.join("");
}

const set = "--set --name SSH --rsource";
const check = "--rcheck --seconds 60 --hitcount 3 --name SSH --rsource";
const update = "--update --seconds 10 --name SSH --rsource";

describe("recent match", () => {
	test.each([
		[
			"rcheck before set",
			[
				["--rcheck --name SSH", 0],
				[set, 1],
				["--rcheck --name SSH", 2],
			],
			".MM",
		],
		[
			"hitcount needs three hits",
			[
				[set, 0],
				[check, 1],
				[set, 2],
				[check, 3],
				[set, 4],
				[check, 5],
			],
			"M.M.MM",
		],
		[
			"seconds window",
			[
				[set, 0],
				[set, 1],
				[set, 2],
				[check, 62],
			],
			"MMM.",
		],
		[
			"update refreshes",
			[
				[set, 0],
				[update, 9],
				[update, 18],
				[update, 29],
			],
			"MMM.",
		],
		[
			"remove",
			[
				[set, 0],
				["--remove --name SSH", 1],
				["--remove --name SSH", 2],
				["--rcheck --name SSH", 3],
			],
			"MM..",
		],
		[
			"other list",
			[
				[set, 0],
				["--rcheck --name OTHER", 1],
			],
			"M.",
		],
		[
			"inverted rcheck",
			[
				["! --rcheck --name SSH", 0],
				[set, 1],
				["! --rcheck --name SSH", 2],
			],
			"MM.",
		],
	] as const)("%s → %s", (_, steps, expected) => {
		expect(run(steps)).toBe(expected);
	});

	test("rdest and mask group addresses", () => {
		let context = makeContext({ packet: { dst: 0x0a000105 } });
		const rule = parsedData(
			recentMatch,
			"--set --rdest --mask 255.255.255.0 --name N",
		);
		recentMatch.evaluate(rule, context);
		context = makeContext({ base: context, packet: { dst: 0x0a0001ff } });
		expect(
			recentMatch.evaluate(
				parsedData(
					recentMatch,
					"--rcheck --rdest --mask 255.255.255.0 --name N",
				),
				context,
			).result,
		).toBe("match");
	});

	test("rttl uses the pre-forwarding TTL", () => {
		const setRule = parsedData(recentMatch, "--set --name T");
		const checkRule = parsedData(recentMatch, "--rcheck --rttl --name T");
		let context = makeContext({ packet: { ttl: 64 } });
		recentMatch.evaluate(setRule, context);
		context = makeContext({
			base: context,
			packet: { ttl: 63 },
			outInterface: "eth1",
		});
		expect(recentMatch.evaluate(checkRule, context).result).toBe("match");
	});

	test("describe and errors", () => {
		expect(recentMatch.describe(parsedData(recentMatch, check))).toBe(
			"recent: CHECK seconds: 60 hit_count: 3 name: SSH side: source mask: 255.255.255.255",
		);
		expect(messagesOf(recentMatch, "--name X")).toEqual([
			"recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'",
		]);
		// Kernel 6.18 (ip_pkt_list_tot=0) loads large hitcounts: the corpus has 348.
		expect(messagesOf(recentMatch, "--rcheck --hitcount 348")).toEqual([]);
	});
});
