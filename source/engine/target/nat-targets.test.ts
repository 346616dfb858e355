import { describe, expect, test } from "vitest";
import {
	makeTargetContext,
	parsedTarget,
	targetMessages,
} from "../../../test/helpers/fixture-context.js";
import {
	dnatTarget,
	masqueradeTarget,
	netmapTarget,
	redirectTarget,
	snatTarget,
} from "./nat-targets.js";

const ip = (a: number, b: number, c: number, d: number) =>
	((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

describe("NAT targets", () => {
	test.each([
		[
			dnatTarget,
			"--to-destination 172.17.0.2:80",
			"dst",
			{
				minAddress: ip(172, 17, 0, 2),
				maxAddress: ip(172, 17, 0, 2),
				minPort: 80,
				maxPort: 80,
			},
		],
		[
			dnatTarget,
			"--to-destination 10.0.0.1-10.0.0.5",
			"dst",
			{ minAddress: ip(10, 0, 0, 1), maxAddress: ip(10, 0, 0, 5) },
		],
		[
			dnatTarget,
			"--to-destination :8080-8090/8000 --persistent",
			"dst",
			{ minPort: 8080, maxPort: 8090, basePort: 8000, persistent: true },
		],
		[
			snatTarget,
			"--to-source 203.0.113.100 --random-fully",
			"src",
			{ minAddress: ip(203, 0, 113, 100), randomFully: true },
		],
		[
			masqueradeTarget,
			"--to-ports 1024-2048 --random",
			"src",
			{ minPort: 1024, maxPort: 2048, random: true },
		],
		[
			masqueradeTarget,
			"",
			"src",
			{ random: false, randomFully: false, persistent: false },
		],
		[
			redirectTarget,
			"--to-ports 3128",
			"dst",
			{ minPort: 3128, maxPort: 3128 },
		],
	] as const)("%# %s", (target, options, manip, range) => {
		const data = parsedTarget(target, options);
		const { effect } = target.apply(
			data,
			makeTargetContext({
				hook: manip === "dst" ? "PREROUTING" : "POSTROUTING",
			}),
		);
		expect(effect).toMatchObject({
			kind: "nat",
			manip,
			target: target.name,
			range,
		});
	});

	test.each([
		["PREROUTING", "dst"],
		["OUTPUT", "dst"],
		["POSTROUTING", "src"],
		["INPUT", "src"],
	] as const)("NETMAP in %s maps %s", (hook, manip) => {
		const data = parsedTarget(netmapTarget, "--to 192.168.1.0/24");
		expect(
			netmapTarget.apply(data, makeTargetContext({ hook })).effect,
		).toMatchObject({
			kind: "nat",
			manip,
			netmapMask: 0xffffff00,
			range: {
				minAddress: ip(192, 168, 1, 0),
				maxAddress: ip(192, 168, 1, 255),
			},
		});
	});

	test("tables and hooks", () => {
		expect([
			dnatTarget.hooks,
			snatTarget.hooks,
			masqueradeTarget.hooks,
			redirectTarget.hooks,
		]).toEqual([
			["PREROUTING", "OUTPUT"],
			["POSTROUTING", "INPUT"],
			["POSTROUTING"],
			["PREROUTING", "OUTPUT"],
		]);
		for (const t of [
			dnatTarget,
			snatTarget,
			masqueradeTarget,
			redirectTarget,
			netmapTarget,
		])
			expect(t.tables).toEqual(["nat"]);
	});

	// libxt_NAT's portok: tcp, udp, sctp, dccp and icmp (recorded: `-p icmp`
	// loads a port, `-p udplite` is refused).
	test("ports need a port protocol", () => {
		expect(
			targetMessages(dnatTarget, "--to-destination 10.0.0.1:80", {
				protocol: 136,
			}),
		).toEqual(["DNAT: Need TCP, UDP, SCTP or DCCP with port specification"]);
		expect(
			targetMessages(dnatTarget, "--to-destination 10.0.0.1:80", {
				protocol: 1,
			}),
		).toEqual([]);
		expect(
			targetMessages(dnatTarget, "--to-destination 10.0.0.1", { protocol: 0 }),
		).toEqual([]);
		expect(targetMessages(dnatTarget, "--to-destination 10.0.0.300")).toEqual([
			'DNAT: Bad IP address "10.0.0.300"',
		]);
	});
});
