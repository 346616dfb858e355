import { describe, expect, test } from "vitest";
import {
	makeContext,
	messagesOf,
	parsedData,
} from "../../../test/helpers/fixture-context.js";
import { hashlimitMatch } from "./hashlimit.js";

type Step = readonly [time: number, src: number];

function run(options: string, steps: readonly Step[]): string {
	const data = parsedData(hashlimitMatch, options);
	let context = makeContext();
	return steps
		.map(([time, src]) => {
			context = makeContext({ base: context, time, packet: { src } });
			return hashlimitMatch.evaluate(data, context).result === "match"
				? "M"
				: ".";
		})
		.join("");
}

const burst = (n: number, src = 1, t = 0): Step[] =>
	Array.from({ length: n }, (_, i) => [t + i * 0.001, src]);

describe("hashlimit match", () => {
	test.each([
		[
			"--hashlimit-upto 1/sec --hashlimit-burst 2 --hashlimit-name a",
			burst(3),
			"MM.",
		],
		[
			"--hashlimit-above 1/sec --hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-name b",
			burst(3),
			"..M",
		],
		[
			"--hashlimit-upto 1/sec --hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-name c",
			[...burst(3, 1), ...burst(3, 2)],
			"MM.MM.",
		],
		[
			"--hashlimit-upto 1/sec --hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-srcmask 24 --hashlimit-name d",
			[...burst(3, 1), ...burst(1, 2)],
			"MM..",
		],
		[
			"--hashlimit-upto 1/sec --hashlimit-burst 1 --hashlimit-name e",
			[
				[0, 1],
				[0.5, 1],
				[1, 1],
			],
			"M.M",
		],
		[
			"--hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-name f --hashlimit-htable-expire 5000",
			[
				[0, 1],
				[4, 1],
				[10, 1],
			],
			"M.M",
		],
		// No --hashlimit-htable-expire: the entry lives for the rate's unit (60 s).
		[
			"--hashlimit-upto 1/min --hashlimit-burst 1 --hashlimit-name g",
			[
				[0, 1],
				[12, 1],
				[30, 1],
			],
			"M..",
		],
	] as const)("%s → %s", (options, steps, expected) => {
		expect(run(options, steps)).toBe(expected);
	});

	test("describe and errors", () => {
		const options =
			"--hashlimit-above 10/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name x";
		expect(hashlimitMatch.describe(parsedData(hashlimitMatch, options))).toBe(
			"limit: above 10/sec burst 5 mode srcip",
		);
		expect(messagesOf(hashlimitMatch, "--hashlimit-upto 1/sec")).toEqual([
			"hashlimit: option --hashlimit-name must be specified",
		]);
	});
});

describe("rules sharing a --hashlimit-name share the table and its first configuration", () => {
	test("a second rule with a lower rate counts against the first rule's rate", () => {
		const fast = parsedData(
			hashlimitMatch,
			"--hashlimit-above 1000/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name shared",
		);
		const slow = parsedData(
			hashlimitMatch,
			"--hashlimit-above 125/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name shared",
		);
		let context = makeContext();
		const results: string[] = [];
		for (const time of [0, 0.2, 0.4]) {
			for (const data of [fast, slow]) {
				context = makeContext({ base: context, time, packet: { src: 1 } });
				results.push(hashlimitMatch.evaluate(data, context).result);
			}
		}
		expect(results).toEqual(Array(6).fill("no-match"));
	});
});
