/**
 * jhash as the kernel computes it, checked against a recording
 * (test/fixtures/scenarios-nft/nft-hdr-exprs, kernel 6.18): `jhash ip saddr .
 * udp sport mod 4 seed 0xfeed` sent these flows to these chains, and `jhash
 * ip saddr mod 2 seed 0x1 offset 100` gave 101 for all three addresses.
 */
import { expect, test } from "vitest";
import { jhash, reciprocalScale } from "../conntrack/jhash.js";

const addr = (text: string) => text.split(".").map(Number);
/** ip saddr . udp sport: each part padded to a 32-bit register. */
const flowKey = (source: string, port: number) =>
	Uint8Array.from([...addr(source), port >> 8, port & 0xff, 0, 0]);

test.each([
	["10.0.2.3", 51010, 2],
	["10.0.2.3", 51011, 0],
	["10.0.2.3", 51012, 0],
	["10.0.2.4", 51013, 0],
	["10.0.2.4", 51014, 3],
	["10.0.2.2", 51015, 2],
	["10.0.2.2", 51016, 2],
])("jhash %s . %i mod 4 seed 0xfeed is %i", (source, port, bucket) => {
	expect(reciprocalScale(jhash(flowKey(source, port), 0xfeed), 4)).toBe(bucket);
});

test.each(["10.0.2.2", "10.0.2.3", "10.0.2.4"])(
	"jhash %s mod 2 seed 0x1 offset 100 is 101",
	(source) => {
		const key = Uint8Array.from(addr(source));
		expect(reciprocalScale(jhash(key, 1), 2) + 100).toBe(101);
	},
);

test("keys longer than 12 bytes go through the mixing rounds", () => {
	const key = Uint8Array.from({ length: 16 }, (_, i) => i);
	expect(jhash(key, 0)).toBe(jhash(key, 0));
	expect(jhash(key, 0)).not.toBe(jhash(key, 1));
});
