import { describe, expect, test } from "vitest";
import {
	messagesOf,
	parsedData,
	resultOf,
} from "../../../test/helpers/fixture-context.js";
import { parseHexString, stringMatch } from "./string.js";

const udp = (text: string) => ({
	protocol: 17,
	tcp: undefined,
	udp: { length: 8 + text.length },
	sport: 5000,
	dport: 53,
	length: 28 + text.length,
	payload: Uint8Array.from([...text].map((c) => c.charCodeAt(0))),
});

describe("string match", () => {
	test.each([
		["--algo bm --string GET", udp("GET / HTTP/1.1"), "match"],
		["--algo kmp --string get", udp("GET / HTTP/1.1"), "no-match"],
		["--algo kmp --string get --icase", udp("GET / HTTP/1.1"), "match"],
		["--algo bm ! --string POST", udp("GET / HTTP/1.1"), "match"],
		["--algo bm --string HTTP --to 30", udp("GET / HTTP/1.1"), "no-match"],
		["--algo bm --string HTTP --from 34", udp("GET / HTTP/1.1"), "match"],
		["--algo bm --hex-string |47455420|", udp("GET / HTTP/1.1"), "match"],
		["--algo bm --string GET", {}, "unknown"],
	])("%s → %s", (options, packet, expected) => {
		expect(resultOf(stringMatch, options, { packet })).toBe(expected);
	});

	test("helpers, describe and errors", () => {
		expect(parseHexString("a|0d0a|b")).toEqual([97, 13, 10, 98]);
		expect(
			stringMatch.describe(parsedData(stringMatch, "--algo bm --string x")),
		).toBe('STRING match  "x" ALGO name bm');
		expect(messagesOf(stringMatch, "--string x")).toEqual([
			"STRING match: You must specify `--algo'",
		]);
	});
});
