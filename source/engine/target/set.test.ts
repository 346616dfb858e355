import { describe, expect, test } from "vitest";
import {
	makeContext,
	makeTargetContext,
	memoryStore,
	parsedData,
	parsedTarget,
} from "../../../test/helpers/fixture-context.js";
import { setMatch } from "../match/set.js";
import type { IpSet } from "../match/types.js";
import { setTarget } from "./set.js";

const sets = new Map<string, IpSet>([
	["blocked", { name: "blocked", type: "hash:ip", members: [] }],
	[
		"svc",
		{
			name: "svc",
			type: "hash:ip,port",
			members: [{ text: "10.0.0.2,tcp:80", nomatch: false }],
		},
	],
]);

describe("SET target", () => {
	test("--add-set makes later -m set lookups hit", () => {
		const shared = memoryStore();
		const lookup = parsedData(setMatch, "--match-set blocked src");
		expect(
			setMatch.evaluate(lookup, makeContext({ shared, ipsets: sets })).result,
		).toBe("no-match");
		const result = setTarget.apply(
			parsedTarget(setTarget, "--add-set blocked src"),
			makeTargetContext({ shared }),
		);
		expect(result.effect).toEqual({ kind: "continue" });
		expect(result.changes?.note).toBe("SET: adds src to blocked");
		expect(
			setMatch.evaluate(lookup, makeContext({ shared, ipsets: sets })).result,
		).toBe("match");
	});

	test("--del-set removes, --timeout expires", () => {
		const shared = memoryStore();
		const lookup = parsedData(setMatch, "--match-set svc dst,dst");
		setTarget.apply(
			parsedTarget(setTarget, "--del-set svc dst,dst"),
			makeTargetContext({ shared }),
		);
		expect(
			setMatch.evaluate(lookup, makeContext({ shared, ipsets: sets })).result,
		).toBe("no-match");
		setTarget.apply(
			parsedTarget(setTarget, "--add-set svc dst,dst --exist --timeout 60"),
			makeTargetContext({ shared, time: 1000 }),
		);
		expect(
			setMatch.evaluate(
				lookup,
				makeContext({ shared, ipsets: sets, time: 1059 }),
			).result,
		).toBe("match");
		expect(
			setMatch.evaluate(
				lookup,
				makeContext({ shared, ipsets: sets, time: 1060 }),
			).result,
		).toBe("no-match");
	});

	test("describe", () => {
		expect(
			setTarget.describe(
				parsedTarget(setTarget, "--add-set x src,dst --exist --timeout 5"),
			),
		).toBe("SET add-set x src,dst exist timeout 5");
	});
});
