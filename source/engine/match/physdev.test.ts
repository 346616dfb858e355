import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import { physdevMatch } from "./physdev.js";

const bridged = { meta: { physIn: "veth1", physOut: "veth2" } };
const routed = { meta: { physIn: "veth1" } };

describe("physdev match", () => {
	test.each([
		["--physdev-is-bridged", bridged, "match"],
		["--physdev-is-bridged", routed, "no-match"],
		["! --physdev-is-bridged", routed, "match"],
		["--physdev-is-bridged", {}, "no-match"],
		["! --physdev-is-bridged", {}, "match"],
		["! --physdev-in veth1 ! --physdev-is-out", {}, "match"],
		["! --physdev-in veth1 --physdev-is-out", {}, "no-match"],
		["--physdev-in veth+", bridged, "match"],
		["--physdev-in veth", bridged, "no-match"],
		["! --physdev-in veth2", bridged, "match"],
		["--physdev-out veth2 --physdev-is-bridged", bridged, "match"],
		["--physdev-out veth2", routed, "no-match"],
		["! --physdev-out veth2", routed, "no-match"],
		["--physdev-is-in", routed, "match"],
		["--physdev-is-out", routed, "no-match"],
		["! --physdev-is-out", routed, "match"],
	])("%s %j → %s", (options, overrides, expected) => {
		expect(resultOf(physdevMatch, options, overrides)).toBe(expected);
	});

	test("describe", () => {
		expect(
			physdevMatch.describe(
				parsedData(physdevMatch, "--physdev-in veth+ ! --physdev-is-bridged"),
			),
		).toBe("PHYSDEV match --physdev-in veth+ ! --physdev-is-bridged");
	});
});
