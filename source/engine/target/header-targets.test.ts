import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
} from "../../../test/helpers/fixture-context.js";
import { dscpTarget, tosTarget, ttlTarget } from "./header-targets.js";

describe("TTL, TOS and DSCP targets", () => {
	test.each([
		["--ttl-set 64", 3, 64],
		["--ttl-dec 1", 64, 63],
		["--ttl-dec 10", 5, 0],
		["--ttl-inc 1", 255, 255],
		["--ttl-inc 2", 62, 64],
	])("TTL %s on %d → %d", (options, ttl, expected) => {
		const data = parsedTarget(ttlTarget, options);
		expect(
			ttlTarget.apply(data, makeTargetContext({ packet: { ttl } })).changes,
		).toEqual({ ttl: expected });
	});

	test.each([
		["--set-tos 0x10/0xff", 0x03, 0x10],
		["--set-tos 0x10/0x3f", 0xe3, 0xd0],
		["--and-tos 0x0f", 0xff, 0x0f],
		["--or-tos 0x10", 0x01, 0x11],
		["--xor-tos 0x11", 0x01, 0x10],
	])("TOS %s on %d → %d", (options, tos, expected) => {
		const data = parsedTarget(tosTarget, options);
		expect(
			tosTarget.apply(data, makeTargetContext({ packet: { tos } })).changes,
		).toEqual({ tos: expected });
	});

	test.each([
		["--set-dscp 46", 0x01, 0xb9],
		["--set-dscp 0x0a", 0x00, 0x28],
		["--set-dscp-class EF", 0x02, 0xba],
		["--set-dscp-class cs1", 0xff, 0x23],
	])("DSCP %s on tos %d → %d (ECN bits kept)", (options, tos, expected) => {
		const data = parsedTarget(dscpTarget, options);
		expect(
			dscpTarget.apply(data, makeTargetContext({ packet: { tos } })).changes,
		).toEqual({ tos: expected });
	});

	test("mangle only", () => {
		expect([ttlTarget.tables, tosTarget.tables, dscpTarget.tables]).toEqual([
			["mangle"],
			["mangle"],
			["mangle"],
		]);
	});
});
