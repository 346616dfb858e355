import { describe, expect, test } from "vitest";
import { parsedData, resultOf } from "../../../test/helpers/fixture-context.js";
import { ownerMatch } from "./owner.js";

const local = {
	inInterface: "",
	meta: { inInterface: "", uid: 1000, gid: 100 },
	hook: "OUTPUT" as const,
};
const forwarded = { inInterface: "eth0", hook: "POSTROUTING" as const };

describe("owner match", () => {
	test.each([
		["--uid-owner 1000", local, "match"],
		["--uid-owner 0", local, "no-match"],
		["! --uid-owner 0", local, "match"],
		["--uid-owner 500-1500", local, "match"],
		["--gid-owner 100", local, "match"],
		["--gid-owner 27 --suppl-groups", local, "unknown"],
		["--socket-exists", local, "match"],
		["! --socket-exists", local, "no-match"],
		["--uid-owner www-data", local, "unknown"],
		["--uid-owner 1000", forwarded, "no-match"],
		["! --uid-owner 1000", forwarded, "match"],
		["! --socket-exists", forwarded, "match"],
		["! --uid-owner 0 --gid-owner 100", forwarded, "no-match"],
	])("%s → %s", (options, overrides, expected) => {
		expect(resultOf(ownerMatch, options, overrides)).toBe(expected);
	});

	test("describe and hooks", () => {
		expect(
			ownerMatch.describe(parsedData(ownerMatch, "! --uid-owner 0-99")),
		).toBe("owner UID match ! 0-99");
		expect(ownerMatch.allowedHooks).toEqual(["OUTPUT", "POSTROUTING"]);
	});
});
