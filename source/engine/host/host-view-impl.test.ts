import { describe, expect, test } from "vitest";
import { formatIpv4, parseIpv4 } from "../net/ipv4.js";
import { createHostView } from "./host-view-impl.js";
import { parseHost } from "./parse-host.js";

/** `ip -j addr` / `ip -j route` of the oracle's docker-seed host (kernel 6.18). */
const recording = {
	host: {
		ip_addr: [
			{
				ifindex: 1,
				ifname: "lo",
				flags: ["LOOPBACK", "UP", "LOWER_UP"],
				mtu: 65536,
				qdisc: "noqueue",
				operstate: "UNKNOWN",
				group: "default",
				txqlen: 1000,
				link_type: "loopback",
				address: "00:00:00:00:00:00",
				broadcast: "00:00:00:00:00:00",
				addr_info: [
					{
						family: "inet",
						local: "127.0.0.1",
						prefixlen: 8,
						scope: "host",
						label: "lo",
						valid_life_time: 4294967295,
						preferred_life_time: 4294967295,
					},
				],
			},
			{
				ifindex: 2,
				ifname: "docker0",
				flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
				mtu: 1500,
				qdisc: "noqueue",
				operstate: "UP",
				group: "default",
				txqlen: 1000,
				link_type: "ether",
				address: "12:cb:8a:e2:85:65",
				broadcast: "ff:ff:ff:ff:ff:ff",
				addr_info: [
					{
						family: "inet",
						local: "172.17.0.1",
						prefixlen: 16,
						scope: "global",
						label: "docker0",
						valid_life_time: 4294967295,
						preferred_life_time: 4294967295,
					},
				],
			},
			{
				ifindex: 3,
				link_index: 2,
				ifname: "eth0",
				flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
				mtu: 1500,
				qdisc: "noqueue",
				operstate: "UP",
				group: "default",
				txqlen: 1000,
				link_type: "ether",
				address: "12:ea:ca:ca:47:46",
				broadcast: "ff:ff:ff:ff:ff:ff",
				link_netnsid: 0,
				addr_info: [
					{
						family: "inet",
						local: "10.0.2.15",
						prefixlen: 24,
						scope: "global",
						label: "eth0",
						valid_life_time: 4294967295,
						preferred_life_time: 4294967295,
					},
				],
			},
			{
				ifindex: 4,
				link_index: 2,
				ifname: "veth1",
				flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
				mtu: 1500,
				qdisc: "noqueue",
				master: "docker0",
				operstate: "UP",
				group: "default",
				txqlen: 1000,
				link_type: "ether",
				address: "12:cb:8a:e2:85:65",
				broadcast: "ff:ff:ff:ff:ff:ff",
				link_netnsid: 1,
				addr_info: [],
			},
			{
				ifindex: 5,
				link_index: 2,
				ifname: "veth2",
				flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
				mtu: 1500,
				qdisc: "noqueue",
				master: "docker0",
				operstate: "UP",
				group: "default",
				txqlen: 1000,
				link_type: "ether",
				address: "a6:2a:3c:b8:59:03",
				broadcast: "ff:ff:ff:ff:ff:ff",
				link_netnsid: 2,
				addr_info: [],
			},
		],
		ip_route: [
			{ dst: "default", gateway: "10.0.2.2", dev: "eth0", flags: [] },
			{
				dst: "10.0.2.0/24",
				dev: "eth0",
				protocol: "kernel",
				scope: "link",
				prefsrc: "10.0.2.15",
				flags: [],
			},
			{
				dst: "172.17.0.0/16",
				dev: "docker0",
				protocol: "kernel",
				scope: "link",
				prefsrc: "172.17.0.1",
				flags: [],
			},
		],
	},
};

const { host, diagnostics } = parseHost({
	addr: JSON.stringify(recording.host.ip_addr),
	route: JSON.stringify(recording.host.ip_route),
});
const view = createHostView(host);
const ip = (text: string) => parseIpv4(text) as number;

test("the recorded host parses cleanly", () => {
	expect(diagnostics).toEqual([]);
	expect(host.interfaces.map((i) => i.name)).toEqual([
		"lo",
		"docker0",
		"eth0",
		"veth1",
		"veth2",
	]);
	expect(view.interface("docker0")?.bridge).toBe(true);
	expect(view.bridgeOf("veth2")).toBe("docker0");
});

describe("addressType (xt_addrtype, local table only)", () => {
	test.each([
		["10.0.2.255", undefined, "BROADCAST"],
		["10.0.2.0", undefined, "UNICAST"],
		["172.17.255.255", undefined, "BROADCAST"],
		["172.17.0.1", undefined, "LOCAL"],
		["10.0.2.15", undefined, "LOCAL"],
		["127.0.0.1", undefined, "LOCAL"],
		["127.5.6.7", undefined, "LOCAL"],
		["127.255.255.255", undefined, "BROADCAST"],
		["10.0.2.3", undefined, "UNICAST"],
		["8.8.8.8", undefined, "UNICAST"],
		["0.0.0.0", undefined, "BROADCAST"],
		["0.1.2.3", undefined, "BROADCAST"],
		["255.255.255.255", undefined, "BROADCAST"],
		["224.0.0.1", undefined, "MULTICAST"],
		// --limit-iface-in: docker0's address seen on a packet from eth0
		["172.17.0.1", "eth0", "UNICAST"],
		["172.17.0.1", "docker0", "LOCAL"],
		["10.0.2.255", "eth0", "BROADCAST"],
		["10.0.2.255", "docker0", "UNICAST"],
		["127.0.0.1", "lo", "LOCAL"],
		["8.8.8.8", "eth0", "UNICAST"],
	] as const)("%s (device %s) is %s", (address, device, type) => {
		expect(view.addressType(ip(address), device)).toBe(type);
	});

	test("isLocal follows the local entries", () => {
		expect(view.isLocal(ip("172.17.0.1"))).toBe(true);
		expect(view.isLocal(ip("127.1.1.1"))).toBe(true);
		expect(view.isLocal(ip("10.0.2.255"))).toBe(false);
	});
});

describe("route", () => {
	const show = (d: ReturnType<typeof view.route>) => {
		switch (d.kind) {
			case "unicast":
				return `unicast ${d.device} via ${formatIpv4(d.nextHop)} src ${d.preferredSource === undefined ? "-" : formatIpv4(d.preferredSource)}`;
			case "local":
			case "broadcast":
			case "multicast":
				return `${d.kind} ${d.device}`;
			default:
				return d.kind;
		}
	};
	test.each([
		["10.0.2.15", "local lo"],
		["172.17.0.1", "local lo"],
		["127.0.0.9", "local lo"],
		["10.0.2.255", "broadcast eth0"],
		["8.8.8.8", "unicast eth0 via 10.0.2.2 src 10.0.2.15"],
		["10.0.2.3", "unicast eth0 via 10.0.2.3 src 10.0.2.15"],
		["172.17.0.3", "unicast docker0 via 172.17.0.3 src 172.17.0.1"],
		["224.0.0.251", "multicast eth0"],
	])("%s → %s", (destination, expected) => {
		expect(show(view.route(ip(destination)))).toBe(expected);
	});

	test.each([
		["blackhole 10.9.0.0/16", "blackhole"],
		["unreachable 10.9.0.0/16", "unreachable"],
		["prohibit 10.9.0.0/16 metric 5", "prohibit"],
		["throw 10.9.0.0/16", "unreachable"],
		[
			"10.9.0.0/16 via 10.0.2.9 dev eth0 metric 10\n10.9.0.0/16 via 10.0.2.8 dev eth0 metric 5",
			"unicast eth0 via 10.0.2.8 src 10.0.2.15",
		],
		[
			"10.0.0.0/8 via 10.0.2.9 dev eth0\n10.9.1.0/24 dev docker0 scope link",
			"unicast docker0 via 10.9.1.1 src 172.17.0.1",
		],
	])("ip route %j decides %s", (routes, expected) => {
		const parsed = parseHost({
			addr: JSON.stringify(recording.host.ip_addr),
			route: `default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n${routes}`,
		});
		expect(parsed.diagnostics).toEqual([]);
		expect(show(createHostView(parsed.host).route(ip("10.9.1.1")))).toBe(
			expected,
		);
	});

	test("no route is unreachable", () => {
		const parsed = parseHost({
			addr: JSON.stringify(recording.host.ip_addr),
			route: "",
		});
		expect(createHostView(parsed.host).route(ip("8.8.8.8")).kind).toBe(
			"unreachable",
		);
	});
});

describe("selectSourceAddress (inet_select_addr, MASQUERADE)", () => {
	test.each([
		["eth0", "10.0.2.2", "10.0.2.15"],
		["eth0", "8.8.8.8", "10.0.2.15"],
		["docker0", "172.17.0.2", "172.17.0.1"],
		// No address on the port: the first global primary address of any device.
		["veth1", "172.17.0.2", "172.17.0.1"],
		// lo has only a host-scope address: never chosen for the universe scope.
		["lo", "127.0.0.1", "172.17.0.1"],
	])("%s toward %s picks %s", (device, nextHop, expected) => {
		const picked = view.selectSourceAddress(device, ip(nextHop));
		expect(picked === undefined ? undefined : formatIpv4(picked)).toBe(
			expected,
		);
	});

	test("prefers the primary address whose subnet holds the next hop", () => {
		const parsed = parseHost({
			addr: "1: lo: <LOOPBACK,UP> mtu 65536\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,UP> mtu 1500\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 192.168.1.10/24 scope global eth0\n    inet 10.1.0.10/16 scope global eth0\n    inet 10.1.0.11/16 scope global secondary eth0\n",
		});
		const v = createHostView(parsed.host);
		expect(formatIpv4(v.selectSourceAddress("eth0", ip("10.1.2.3")) ?? 0)).toBe(
			"10.1.0.10",
		);
		expect(formatIpv4(v.selectSourceAddress("eth0", ip("8.8.8.8")) ?? 0)).toBe(
			"192.168.1.10",
		);
		expect(formatIpv4(v.primaryAddress("eth0") ?? 0)).toBe("192.168.1.10");
		expect(v.interfaceByMac("02:00:00:00:00:01")?.name).toBe("eth0");
		expect(
			parsed.host.routes.map(
				(r) => `${formatIpv4(r.destination)}/${r.prefixLength} ${r.device}`,
			),
		).toEqual(["192.168.1.0/24 eth0", "10.1.0.0/16 eth0"]);
	});
});
