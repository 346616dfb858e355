import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	markedConnection,
	parsedTarget,
} from "../../../test/helpers/fixture-context.js";
import { connmarkTarget } from "./connmark.js";

const ct = markedConnection;

describe("CONNMARK target", () => {
	test.each([
		["--set-xmark 0x1/0xff", 0, 0x100, { ctmark: 0x101 }],
		["--set-mark 0x2", 0, 0x1, { ctmark: 0x2 }],
		[
			"--save-mark --nfmask 0xffffffff --ctmask 0xffffffff",
			0x55,
			0x1,
			{ ctmark: 0x55 },
		],
		[
			"--save-mark --nfmask 0xff0000 --ctmask 0xff0000",
			0x120034,
			0x1,
			{ ctmark: 0x120001 },
		],
		[
			"--restore-mark --nfmask 0xffff0000 --ctmask 0xffff0000",
			0x12,
			0xabcd0000,
			{ mark: 0xabcd0012 },
		],
		["--restore-mark --mask 0xff", 0x1200, 0x34, { mark: 0x1234 }],
	])("%s (mark %d, ctmark %d)", (options, mark, ctmark, changes) => {
		const data = parsedTarget(connmarkTarget, options);
		const result = connmarkTarget.apply(
			data,
			makeTargetContext({ meta: { mark }, conntrack: ct(ctmark) }),
		);
		expect(result).toEqual({ effect: { kind: "continue" }, changes });
	});

	test("no connection: nothing changes", () => {
		const data = parsedTarget(connmarkTarget, "--save-mark");
		const result = connmarkTarget.apply(
			data,
			makeTargetContext({ conntrack: { info: "UNTRACKED" } }),
		);
		expect(result.changes?.mark).toBeUndefined();
		expect(result.changes?.ctmark).toBeUndefined();
	});
});
