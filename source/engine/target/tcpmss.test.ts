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
		["--set-mss 1400", tcp(0x02), "FORWARD", 536],
		["--set-mss 1400", tcp(0x12, "020405B4"), "FORWARD", 1400],
		["--set-mss 1400", tcp(0x10, "020405B4"), "FORWARD", undefined],
		["--clamp-mss-to-pmtu", tcp(0x02, "020405B4"), "FORWARD", 1452],
		["--clamp-mss-to-pmtu", tcp(0x02, "020405B4"), "PREROUTING", undefined],
	] as const)("%s %j in %s → %s", (options, header, hook, mss) => {
		const data = parsedTarget(tcpmssTarget, options);
		const context = makeTargetContext({
			packet: {
				tcp: header,
				length: 20 + 20 + (header.options?.length ?? 0) / 2,
			},
			hook,
			outInterface: "ppp0",
			host,
		});
		const result = tcpmssTarget.apply(data, context);
		expect(result.effect).toEqual({ kind: "continue" });
		expect(result.changes?.mss).toBe(mss);
	});

	// Recorded: log-macdecode-tcpmss (a SYN without options, LEN 40 → 44).
	test.each([
		[tcp(0x02, ""), 40, { hex: "02040218", length: 44 }],
		[tcp(0x02, ""), 41, undefined],
		[
			tcp(0x02, "0402080A0000000100000000"),
			52,
			{ hex: "020402180402080A0000000100000000", length: 56 },
		],
		[tcp(0x02, "020405B40402"), 46, { hex: "020403E80402", length: 46 }],
	] as const)(
		"--set-mss 1000 on %j, length %d → %j",
		(header, length, options) => {
			const data = parsedTarget(tcpmssTarget, "--set-mss 1000");
			const context = makeTargetContext({ packet: { tcp: header, length } });
			expect(tcpmssTarget.apply(data, context).changes?.tcpOptions).toEqual(
				options,
			);
		},
	);

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
