import { describe, expect, test } from "vitest";
import {
	makeContext,
	memoryStore,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import { connlimitMatch } from "./connlimit.js";

describe("connlimit match", () => {
	test.each([
		[
			"--connlimit-above 6298 --connlimit-mask 32 --connlimit-saddr",
			"#conn src/32 > 6298",
		],
		[
			"--connlimit-upto 4 --connlimit-mask 24 --connlimit-daddr",
			"#conn dst/24 <= 4",
		],
		["! --connlimit-above 2", "#conn src/32 <= 2"],
	])("%s is unknown and reads %s", (options, text) => {
		expect(resultOf(connlimitMatch, options)).toBe("unknown");
		expect(connlimitMatch.describe(parsedData(connlimitMatch, options))).toBe(
			text,
		);
	});
});

describe("connlimit counts the connections this rule has seen", () => {
	const entry = (sport: number, tcpState?: "ESTABLISHED" | "TIME_WAIT") => {
		const original = {
			src: 0x0a000203,
			dst: 0x0a00020f,
			protocol: 6,
			sport,
			dport: 80,
		};
		return {
			id: sport,
			original,
			reply: { ...original, src: original.dst, dst: original.src },
			status: 0,
			mark: 0,
			expires: 1000,
			created: 0,
			zone: 0,
			...(tcpState ? { tcpState } : {}),
		};
	};

	// Recorded: test/fixtures/scenarios-own/connlimit-count.
	test("a new connection counts itself; one already counted counts once; closed ones drop out", () => {
		const table = new Map<number, ReturnType<typeof entry>>();
		const connections = {
			find: (t: { sport: number }) => table.get(t.sport),
		};
		const state = memoryStore();
		const data = parsedData(connlimitMatch, "--connlimit-above 2");
		const see = (sport: number) => {
			const e = table.get(sport) ?? entry(sport);
			table.set(sport, e);
			return connlimitMatch.evaluate(
				data,
				makeContext({
					packet: { src: 0x0a000203, sport },
					conntrack: { info: "NEW", entry: e, unconfirmed: true },
					state,
					connections,
				}),
			).result;
		};
		expect([see(1), see(2), see(1), see(3), see(4)]).toEqual([
			"no-match",
			"no-match",
			"no-match",
			"match",
			"match",
		]);
		table.set(1, entry(1, "TIME_WAIT"));
		table.delete(2);
		expect(see(5)).toBe("match");
		table.delete(3);
		table.delete(4);
		expect(see(6)).toBe("no-match");
	});
});
