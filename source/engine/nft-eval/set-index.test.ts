/**
 * Set and map lookups as the kernel makes them: exact keys in a hash,
 * prefixes and ranges as intervals, concatenations part by part, interface
 * name wildcards, map data returned with the element.
 */
import { expect, test } from "vitest";
import { parseIpv4 } from "../net/ipv4.js";
import { readIpv6Text } from "../net/ipv6-text.js";
import { loadNftText } from "../nft/load-nft.js";
import { buildSetIndex } from "./set-index.js";

function setOf(body: string) {
	const { ruleset } = loadNftText(`table inet t {\n${body}\n}\n`);
	const set = ruleset.tables[0]?.sets[0];
	if (!set) throw new Error("no set");
	return set;
}

const ip = (text: string) => parseIpv4(text) as number;

test.each([
	["10.0.2.4", true],
	["192.0.2.77", true],
	["192.0.3.1", false],
	["10.0.2.5", false],
])("ipv4 interval set: %s is %s", (address, found) => {
	const set = setOf(
		"set s { type ipv4_addr; flags interval; elements = { 10.0.2.4, 192.0.2.0/24, 198.51.100.10-198.51.100.20 } }",
	);
	const index = buildSetIndex(set.elements, ["ipv4_addr"]);
	expect(index.lookup(ip(address)) !== undefined).toBe(found);
});

test("ipv6 prefixes compare as the address bytes do", () => {
	const set = setOf(
		"set s { type ipv6_addr; flags interval; elements = { 2001:db8::/32, fd00:2::4 } }",
	);
	const index = buildSetIndex(set.elements, ["ipv6_addr"]);
	const has = (a: string) =>
		index.lookup(readIpv6Text(a) as string) !== undefined;
	expect([
		has("2001:db8:ffff::1"),
		has("2001:db9::1"),
		has("fd00:2::4"),
	]).toEqual([true, false, true]);
});

test("concatenations match part by part, ranges included", () => {
	const set = setOf(
		"set s { type ipv4_addr . inet_service; flags interval; elements = { 10.0.2.3 . 80, 10.0.2.0/24 . 1000-2000 } }",
	);
	const index = buildSetIndex(set.elements, ["ipv4_addr", "inet_service"]);
	expect(index.lookup([ip("10.0.2.3"), 80])).toBe(null);
	expect(index.lookup([ip("10.0.2.9"), 1500])).toBe(null);
	expect(index.lookup([ip("10.0.2.9"), 80])).toBeUndefined();
});

test("a verdict map gives the element's verdict; interface wildcards match by prefix", () => {
	const set = setOf(
		'map m { type ifname : verdict; elements = { "eth0" : accept, "veth*" : jump c } }',
	);
	const index = buildSetIndex(set.elements, ["ifname"]);
	expect(index.lookup("eth0")).toMatchObject({ verdict: "accept" });
	expect(index.lookup("veth12")).toMatchObject({
		verdict: "jump",
		target: "c",
	});
	expect(index.lookup("eth1")).toBeUndefined();
});

test("ten thousand elements are found by hash and bisection", () => {
	const elements = Array.from({ length: 10_000 }, (_, i) => ({
		kind: "range" as const,
		from: { kind: "value" as const, value: i * 10 },
		to: { kind: "value" as const, value: i * 10 + 4 },
	}));
	const index = buildSetIndex(elements, ["inet_service"]);
	expect(index.lookup(99_993)).toBe(null);
	expect(index.lookup(99_995)).toBeUndefined();
});

test("a catch-all element (*) answers every key no other element holds", () => {
	const set = setOf(
		"map m { type ipv4_addr : mark; elements = { 10.0.2.3 : 0x1, * : 0x7 } }",
	);
	const index = buildSetIndex(set.elements, ["ipv4_addr"]);
	expect(index.lookup(ip("10.0.2.3"))).toMatchObject({ value: 1 });
	expect(index.lookup(ip("10.0.2.4"))).toMatchObject({ value: 7 });
});
