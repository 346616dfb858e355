import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
	targetMessages,
} from "../../../test/helpers/fixture-context.js";
import { rejectTarget } from "./reject.js";

describe("REJECT target", () => {
	test.each([
		["", "icmp-port-unreachable"],
		["--reject-with icmp-port-unreachable", "icmp-port-unreachable"],
		["--reject-with port-unreach", "icmp-port-unreachable"],
		["--reject-with icmp-net-unreachable", "icmp-net-unreachable"],
		["--reject-with net-unreach", "icmp-net-unreachable"],
		["--reject-with host-unreach", "icmp-host-unreachable"],
		["--reject-with proto-unreach", "icmp-proto-unreachable"],
		["--reject-with net-prohib", "icmp-net-prohibited"],
		["--reject-with icmp-host-prohibited", "icmp-host-prohibited"],
		["--reject-with host-prohib", "icmp-host-prohibited"],
		["--reject-with admin-prohib", "icmp-admin-prohibited"],
		["--reject-with icmp-admin-prohibited", "icmp-admin-prohibited"],
		["--reject-with tcp-reset", "tcp-reset"],
		["--reject-with tcp-rst", "tcp-reset"],
	])("%s → %s", (options, how) => {
		const data = parsedTarget(rejectTarget, options);
		expect(rejectTarget.apply(data, makeTargetContext()).effect).toEqual({
			kind: "reject",
			with: how,
		});
	});

	test("restrictions", () => {
		expect(rejectTarget.tables).toEqual(["filter"]);
		expect(rejectTarget.hooks).toEqual(["INPUT", "FORWARD", "OUTPUT"]);
		expect(
			targetMessages(rejectTarget, "--reject-with tcp-reset", { protocol: 17 }),
		).toEqual([
			"REJECT: TCP_RESET invalid for non-tcp (the kernel refuses the rule)",
		]);
		expect(
			targetMessages(rejectTarget, "--reject-with icmp-echo-reply"),
		).toEqual(['REJECT: unknown reject type "icmp-echo-reply"']);
	});
});
