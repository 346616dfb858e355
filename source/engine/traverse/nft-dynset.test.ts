import { describe, expect, test } from "vitest";
import { nftSeconds } from "./nft-dynset.js";
import { quotaOfObject } from "./nft-stateful.js";

describe("nft time notation (set and element timeouts)", () => {
	test.each([
		["300s", 300],
		["5m", 300],
		["1h30m", 5400],
		["1d", 86400],
		["250ms", 0.25],
		["300", 300],
	])("%s is %d s", (text, seconds) => {
		expect(nftSeconds(text)).toBe(seconds);
	});

	test("no timeout", () => {
		expect(nftSeconds(undefined)).toBeUndefined();
	});
});

describe("named quota objects", () => {
	const origin = { line: 1, column: 1 };

	test("from nft -j: bytes, used, inv", () => {
		expect(
			quotaOfObject({
				type: "quota",
				name: "q",
				attributes: { bytes: "100", used: "28", inv: "true" },
				origin,
			}),
		).toEqual({
			kind: "quota",
			bytes: 100,
			unit: "bytes",
			inv: true,
			used: 28,
		});
	});

	test("from the text form: over 10 mbytes", () => {
		expect(
			quotaOfObject({
				type: "quota",
				name: "q",
				attributes: { over: "10 mbytes" },
				origin,
			}),
		).toEqual({ kind: "quota", bytes: 10, unit: "mbytes", inv: true });
	});
});
