import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
	targetMessages,
} from "../../../test/helpers/fixture-context.js";
import { ctTarget, notrackTarget, traceTarget } from "./raw-targets.js";

describe("raw-table targets", () => {
	test("NOTRACK makes the packet untracked", () => {
		expect(notrackTarget.apply(null, makeTargetContext()).effect).toEqual({
			kind: "notrack",
		});
		expect(targetMessages(notrackTarget, "--foo")).toEqual([
			'NOTRACK: unknown option "--foo"',
		]);
	});

	test.each([
		["--notrack", { kind: "ct", notrack: true }],
		["--zone 5", { kind: "ct", notrack: false, zone: { zone: 5 } }],
		[
			"--zone-orig 7",
			{
				kind: "ct",
				notrack: false,
				zone: { zone: 7, zoneDirection: "original" },
			},
		],
		[
			"--zone-reply mark",
			{
				kind: "ct",
				notrack: false,
				zone: { zone: "mark", zoneDirection: "reply" },
			},
		],
		["--helper ftp", { kind: "ct", notrack: false, helper: "ftp" }],
	])("CT %s", (options, effect) => {
		const data = parsedTarget(ctTarget, options);
		expect(ctTarget.apply(data, makeTargetContext()).effect).toEqual(effect);
	});

	test("CT refuses a zone id it cannot parse, as libxt_CT does", () => {
		expect(targetMessages(ctTarget, "--zone 70000")).toEqual([
			'CT --zone: cannot parse "70000" as a zone ID',
		]);
	});

	test("TRACE and the raw restriction", () => {
		expect(traceTarget.apply(null, makeTargetContext()).effect).toEqual({
			kind: "trace",
		});
		for (const t of [notrackTarget, ctTarget, traceTarget])
			expect(t.tables).toEqual(["raw"]);
	});
});
