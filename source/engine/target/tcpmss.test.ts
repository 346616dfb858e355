import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
	stubHost,
	targetMessages,
} from "../../../test/helpers/fixture-context.js";
import type { HostView } from "../host/host-view.js";
import { tcpmssTarget } from "./tcpmss.js";

const tcp = (flags: number, options?: string) => ({
	seq: 0,
	ack: 0,
	window: 0,
	res: 0,
	urgp: 0,
	flags,
	...(options === undefined ? {} : { options }),
});

const host: HostView = {
	...stubHost(),
	interface: (name) =>
		name === "ppp0"
			? {
					name,
					index: 3,
					linkType: "other",
					up: true,
					bridge: false,
					mtu: 1492,
					addresses: [],
				}
			: undefined,
};

describe("TCPMSS target", () => {
	test.each([
		["--set-mss 1400", tcp(0x02, "020405B4"), "FORWARD", 1400],
		["--set-mss 1400", tcp(0x02, "02040578"), "FORWARD", undefined],
		["--set-mss 1400", tcp(0x02, ""), "FORWARD", 536],
		["--set-mss 1400", tcp(0x12, "020405B4"), "FORWARD", 1400],
		["--set-mss 1400", tcp(0x10, "020405B4"), "FORWARD", undefined],
		["--clamp-mss-to-pmtu", tcp(0x02, "020405B4"), "FORWARD", 1452],
		["--clamp-mss-to-pmtu", tcp(0x02, "020405B4"), "PREROUTING", undefined],
	] as const)("%s %j in %s → %s", (options, header, hook, mss) => {
		const data = parsedTarget(tcpmssTarget, options);
		const context = makeTargetContext({
			packet: { tcp: header },
			hook,
			outInterface: "ppp0",
			host,
		});
		const result = tcpmssTarget.apply(data, context);
		expect(result.effect).toEqual({ kind: "continue" });
		expect(result.changes?.mss).toBe(mss);
	});

	test("errors", () => {
		expect(tcpmssTarget.needsTcp).toBe(true);
		expect(
			targetMessages(tcpmssTarget, "--set-mss 1400", { protocol: 17 }),
		).toEqual(["TCPMSS: only valid for -p tcp"]);
		expect(targetMessages(tcpmssTarget, "")).toEqual([
			"TCPMSS target: At least one parameter is required",
		]);
	});
});
