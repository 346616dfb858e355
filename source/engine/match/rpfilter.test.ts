import { describe, expect, test } from "vitest";
import {
	parsedData,
	resultOf,
	stubHost,
} from "../../../test/helpers/fixture-context.js";
import type { HostView } from "../host/host-view.js";
import type { RouteDecision } from "../model/host.js";
import { rpfilterMatch } from "./rpfilter.js";

const route = {
	type: "unicast",
	destination: 0,
	prefixLength: 0,
	metric: 0,
	table: 254,
} as const;
// 10.0.0.1 routes back via eth0, 192.168.0.1 via eth1, 10.0.0.2 is local.
const host: HostView = {
	...stubHost(),
	route: (destination): RouteDecision =>
		destination === 0x0a000002
			? { kind: "local", device: "lo", route: { ...route, type: "local" } }
			: destination === 0xc0a80001
				? { kind: "unicast", device: "eth1", nextHop: destination, route }
				: { kind: "unicast", device: "eth0", nextHop: destination, route },
};

describe("rpfilter match", () => {
	test.each([
		["", {}, "match"],
		["--invert", {}, "no-match"],
		["", { packet: { src: 0xc0a80001 } }, "no-match"],
		["--loose", { packet: { src: 0xc0a80001 } }, "match"],
		["--invert", { packet: { src: 0xc0a80001 } }, "match"],
		["", { packet: { src: 0x0a000002 } }, "no-match"],
		["--accept-local", { packet: { src: 0x0a000002 } }, "match"],
		["", { inInterface: "lo", packet: { src: 0xc0a80001 } }, "match"],
		["", { packet: { src: 0, dst: 0xffffffff } }, "match"],
	])("%s %j → %s", (options, overrides, expected) => {
		expect(
			resultOf(rpfilterMatch, options, {
				host,
				hook: "PREROUTING",
				...overrides,
			}),
		).toBe(expected);
	});

	test("describe", () => {
		expect(
			rpfilterMatch.describe(parsedData(rpfilterMatch, "--loose --invert")),
		).toBe("rpfilter loose invert");
		expect(rpfilterMatch.allowedHooks).toEqual(["PREROUTING"]);
	});
});
