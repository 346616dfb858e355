import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
	targetMessages,
} from "../../../test/helpers/fixture-context.js";
import { tproxyTarget } from "./tproxy.js";

describe("TPROXY target", () => {
	test.each([
		["--on-port 3129 --on-ip 127.0.0.1 --tproxy-mark 0x1/0x1"],
		["--on-port 3129"],
	])(
		"%s drops when no transparent socket listens (as with none on the host)",
		(options) => {
			const data = parsedTarget(tproxyTarget, options);
			const result = tproxyTarget.apply(
				data,
				makeTargetContext({ hook: "PREROUTING", table: "mangle" }),
			);
			expect(result.effect.kind).toBe("drop");
			expect(result.effect).toMatchObject({
				reason: expect.stringMatching(/transparent socket/),
			});
		},
	);

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
