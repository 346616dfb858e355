/**
 * IPv6 on a dual-stack host beside IPv4. The IPv6 switches are the kernel's
 * own: net.ipv6.conf.all.forwarding gates ip6_forward and
 * bridge-nf-call-ip6tables gates br_netfilter for IPv6 frames, whatever
 * ip_forward and bridge-nf-call-iptables say. An ICMPv6 echo request is
 * answered by an echo reply that conntrack sees as ESTABLISHED.
 */
import { expect, test } from "vitest";
import { parsePacketSpec } from "../format/packet-spec.js";
import { createHostView } from "../host/host-view-impl.js";
import { parseHost } from "../host/parse-host.js";
import type { HostSettings } from "../model/host.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { eventText } from "../report/trace-text.js";
import { createEngineState } from "./engine-state.js";
import { replyTo } from "./reply.js";
import { simulate } from "./simulate.js";

const addr = `1: lo: <LOOPBACK,UP> mtu 65536
    inet 127.0.0.1/8 scope host lo
    inet6 ::1/128 scope host
2: eth0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0
    inet6 fd00:2::15/64 scope global
3: docker0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff
    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
    inet6 fd00:17::1/64 scope global
4: veth1@if2: <BROADCAST,UP> mtu 1500 master docker0
    link/ether 02:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff
`;
const rules = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -j LOG --log-prefix "fwd: "
COMMIT
`;

function context(settings: Partial<HostSettings> = {}, rules6 = rules) {
	const host = createHostView(
		parseHost({
			addr,
			route:
				"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1\n",
			route6:
				"fd00:2::/64 dev eth0 metric 256\nfd00:17::/64 dev docker0 metric 256\ndefault via fd00:2::2 dev eth0 metric 1024\n",
			settings,
		}).host,
	);
	const { ruleset } = parseRuleset(rules);
	const ruleset6 = parseRuleset(rules6, { family: "ipv6" }).ruleset;
	return { ruleset, ruleset6, host };
}

function trace(spec: string, settings: Partial<HostSettings> = {}) {
	const parsed = parsePacketSpec(spec);
	if (!parsed.ok) throw new Error(parsed.error);
	return simulate(context(settings), parsed.input, createEngineState()).trace;
}

test("the reply to an ICMPv6 echo request is an echo reply, ESTABLISHED", () => {
	const parsed = parsePacketSpec("icmp6 fd00:2::3 > fd00:2::15 in eth0");
	if (!parsed.ok) throw new Error(parsed.error);
	// A conntrack match loads conntrack for IPv6.
	const tracked = context(
		{},
		"*filter\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\nCOMMIT\n",
	);
	const first = simulate(tracked, parsed.input, createEngineState());
	const reply = replyTo(first.trace);
	expect(reply?.packet.icmp).toMatchObject({ type: 129, id: 1, sequence: 1 });
	expect(reply?.packet.id).toBe(0);
	if (!reply) return;
	const second = simulate(tracked, reply, first.state).trace;
	expect(second.steps).toContainEqual(
		expect.objectContaining({
			kind: "conntrack",
			info: "ESTABLISHED_REPLY",
		}),
	);
	expect(second.fate).toEqual({ kind: "sent", device: "eth0" });
});

const in4 = "udp 10.0.2.3:40000 > 172.17.0.2:53 in eth0";
const in6 = "udp [fd00:2::3]:40000 > [fd00:17::2]:53 in eth0";

test("IPv6 forwarding off, IPv4 on: only the IPv6 packet is dropped by routing", () => {
	const settings = { ipForward: true, ip6Forward: false };
	expect(trace(in4, settings).fate).toEqual({
		kind: "forwarded",
		device: "docker0",
	});
	const dropped = trace(in6, settings);
	expect(dropped.fate).toMatchObject({
		kind: "dropped",
		by: "routing",
		reason: "not for this host and IPv6 forwarding is off",
	});
	expect(dropped.events).toEqual([]);
});

test("IPv4 forwarding off does not stop IPv6 forwarding", () => {
	const result = trace(in6, { ipForward: false, ip6Forward: true });
	expect(result.fate).toEqual({ kind: "forwarded", device: "docker0" });
	expect(result.events.map(eventText)).toEqual([
		"filter:FORWARD:rule:1",
		"filter:FORWARD:policy:2",
	]);
});

test("bridge-nf-call-ip6tables=0: bridged IPv6 frames cross no ip6tables hook, IPv4 ones still do", () => {
	const settings = { bridgeNetfilter: true, bridgeNetfilter6: false };
	const v6 = trace(
		"tcp [fd00:17::2]:40000 > [fd00:17::3]:80 in veth1 syn",
		settings,
	);
	expect(v6.events).toEqual([]);
	expect(v6.fate).toEqual({ kind: "bridged", device: "docker0" });
	const v4 = trace(
		"tcp 172.17.0.2:40000 > 172.17.0.3:80 in veth1 syn",
		settings,
	);
	expect(v4.events.map(eventText)).toEqual([
		"filter:FORWARD:rule:1",
		"filter:FORWARD:policy:2",
	]);
});
