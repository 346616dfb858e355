import { describe, expect, test } from "vitest";
import {
	messagesOf,
	parsedData,
	resultOf,
	samplePacket,
} from "../../../test/helpers/fixture-context.js";
import { packetBytes, readWord } from "./packet-bytes.js";
import { parseU32, u32Match } from "./u32.js";

describe("u32 match", () => {
	test.each([
		// Total length 60 in the low half of word 0.
		["--u32 0&0xFFFF=60", "match"],
		["--u32 0&0xFFFF=0:59", "no-match"],
		["! --u32 0&0xFFFF=0:59", "match"],
		// Protocol byte: word at 6, >> 16 & 0xFF (man page example).
		["--u32 6&0xFF=6", "match"],
		["--u32 6&0xFF=17", "no-match"],
		// Ports via @: jump IHL*4, then the first word of the TCP header.
		["--u32 0>>22&0x3C@0>>16=40000", "match"],
		["--u32 0>>22&0x3C@0&0xFFFF=22", "no-match"],
		["--u32 0>>22&0x3C@0&0xFFFF=80&&6&0xFF=6", "match"],
		// TCP checksum is not known.
		["--u32 0>>22&0x3C@16=0:0xFFFFFFFF", "unknown"],
		// Beyond the packet: false.
		["--u32 100=0", "no-match"],
		["--u32 0x3C@0=0", "no-match"],
	])("%s → %s", (options, expected) => {
		expect(resultOf(u32Match, options)).toBe(expected);
	});

	test("payload bytes make later words known", () => {
		const payload = Uint8Array.from([0xde, 0xad, 0xbe, 0xef]);
		const packet = {
			length: 44,
			tcp: {
				seq: 0,
				ack: 0,
				window: 0,
				res: 0,
				flags: 0x10,
				urgp: 0,
				options: "",
			},
			payload,
		};
		expect(resultOf(u32Match, "--u32 40=0xDEADBEEF", { packet })).toBe("match");
		expect(readWord(packetBytes({ ...samplePacket, ...packet }), 34)).toBe(
			"unknown",
		);
	});

	test.each([
		["0&0xFFFF", 'u32: missing "=" in "0&0xFFFF"'],
		["x=1", 'u32: bad location "x"'],
		["0=1,a", 'u32: bad value set "1,a"'],
	])("parse error %s", (text, message) => {
		expect(parseU32(text)).toBe(message);
		expect(messagesOf(u32Match, `--u32 ${text}`)).toEqual([message]);
	});

	test("describe", () => {
		expect(u32Match.describe(parsedData(u32Match, "--u32 6&0xFF=6"))).toBe(
			'u32 "6&0xFF=6"',
		);
	});
});
