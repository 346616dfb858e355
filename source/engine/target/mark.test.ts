import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
	targetMessages,
} from "../../../test/helpers/fixture-context.js";
import { markTarget } from "./mark.js";

describe("MARK target: new = (old & ~mask) ^ value", () => {
	test.each([
		["--set-xmark 0x1/0xffffffff", 0xff, 0x1],
		["--set-xmark 0x4000/0x4000", 0x1, 0x4001],
		["--set-xmark 0x0/0x4000", 0x4001, 0x1],
		["--set-mark 0x10", 0xff, 0x10],
		["--set-mark 0x10/0xf0", 0xff, 0x1f],
		["--and-mark 0xf", 0xff, 0xf],
		["--or-mark 0x100", 0x1, 0x101],
		["--xor-mark 0x3", 0x1, 0x2],
	])("%s on mark %d → %d", (options, old, mark) => {
		const data = parsedTarget(markTarget, options);
		const result = markTarget.apply(
			data,
			makeTargetContext({ meta: { mark: old } }),
		);
		expect(result).toEqual({ effect: { kind: "continue" }, changes: { mark } });
	});

	test("describe and errors", () => {
		expect(
			markTarget.describe(parsedTarget(markTarget, "--set-mark 0x1")),
		).toBe("MARK xset 0x1/0xffffffff");
		expect(targetMessages(markTarget, "")).toEqual([
			"MARK: one of --set-xmark, --set-mark, --and-mark, --or-mark or --xor-mark is required",
		]);
	});
});
