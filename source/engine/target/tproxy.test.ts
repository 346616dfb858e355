import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
	targetMessages,
} from "../match/fixture-context.js";
import { tproxyTarget } from "./tproxy.js";

describe("TPROXY target", () => {
	test.each([
		["--on-port 3129 --on-ip 127.0.0.1 --tproxy-mark 0x1/0x1", 0x10, 0x11],
		["--on-port 3129", 0x10, undefined],
	])("%s accepts toward the socket", (options, old, mark) => {
		const data = parsedTarget(tproxyTarget, options);
		const result = tproxyTarget.apply(
			data,
			makeTargetContext({
				meta: { mark: old },
				hook: "PREROUTING",
				table: "mangle",
			}),
		);
		expect(result.effect).toEqual({ kind: "accept" });
		expect(result.changes?.mark).toBe(mark);
		expect(result.changes?.note).toMatch(/transparent socket/);
	});

	test("restrictions", () => {
		expect([tproxyTarget.tables, tproxyTarget.hooks]).toEqual([
			["mangle"],
			["PREROUTING"],
		]);
		expect(
			targetMessages(tproxyTarget, "--on-port 1", { protocol: 1 }),
		).toEqual(["TPROXY: Can be used only with -p tcp or -p udp"]);
		expect(targetMessages(tproxyTarget, "--on-ip 1.2.3.4")).toEqual([
			"TPROXY: option --on-port must be specified",
		]);
	});
});
