import { describe, expect, test } from "vitest";
import {
	messagesOf,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import { pkttypeMatch } from "./pkttype.js";

describe("pkttype match", () => {
	test.each([
		["--pkt-type unicast", undefined, "match"],
		["--pkt-type host", "host", "match"],
		["--pkt-type broadcast", "broadcast", "match"],
		["--pkt-type bcast", "host", "no-match"],
		["! --pkt-type multicast", "multicast", "no-match"],
		["--pkt-type otherhost", "otherhost", "match"],
	] as const)("%s with %s → %s", (options, linkType, expected) => {
		expect(resultOf(pkttypeMatch, options, { meta: { linkType } })).toBe(
			expected,
		);
	});

	test("describe and errors", () => {
		expect(
			pkttypeMatch.describe(parsedData(pkttypeMatch, "! --pkt-type mcast")),
		).toBe("PKTTYPE != multicast");
		expect(messagesOf(pkttypeMatch, "--pkt-type anycast")).toEqual([
			"Bad packet type 'anycast'",
		]);
	});
});
