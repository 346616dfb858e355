/**
 * Paths through the hooks that the recordings do not cover: bridged traffic
 * without br_netfilter, forwarding switched off, and TTL expiry.
 */
import { expect, test } from "vitest";
import { parsePacketSpec } from "../format/packet-spec.js";
import { createHostView } from "../host/host-view-impl.js";
import { parseHost } from "../host/parse-host.js";
import type { HostSettings } from "../model/host.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { eventText } from "../report/trace-text.js";
import { createEngineState } from "./engine-state.js";
import { simulate } from "./simulate.js";

const addr = `1: lo: <LOOPBACK,UP> mtu 65536
    inet 127.0.0.1/8 scope host lo
2: eth0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0
3: docker0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff
    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
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

function trace(spec: string, settings: Partial<HostSettings> = {}) {
	const host = createHostView(
		parseHost({
			addr,
			route:
				"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1\n",
			settings,
		}).host,
	);
	const parsed = parsePacketSpec(spec);
	if (!parsed.ok) throw new Error(parsed.error);
	const { ruleset } = parseRuleset(rules);
	return simulate({ ruleset, host }, parsed.input, createEngineState()).trace;
}

const containerToContainer =
	"tcp 172.17.0.2:40000 > 172.17.0.3:80 in veth1 syn";

test("with br_netfilter, bridged frames cross FORWARD with the bridge both ways", () => {
	const result = trace(containerToContainer);
	expect(result.events.map(eventText)).toEqual([
		"filter:FORWARD:rule:1",
		"filter:FORWARD:policy:2",
	]);
	expect(result.logs[0]).toMatch(/^fwd: IN=docker0 OUT=docker0 PHYSIN=veth1 /);
	expect(result.fate.kind).toBe("bridged");
});

test("without br_netfilter, bridged frames cross no iptables hook", () => {
	const result = trace(containerToContainer, { bridgeNetfilter: false });
	expect(result.events).toEqual([]);
	expect(result.fate).toEqual({ kind: "bridged", device: "docker0" });
});

test("without br_netfilter, routed frames from a bridge carry no port", () => {
	const result = trace("udp 172.17.0.2:40000 > 10.0.2.3:53 in veth1", {
		bridgeNetfilter: false,
	});
	expect(result.logs[0]).toMatch(/^fwd: IN=docker0 OUT=eth0 MAC=/);
	expect(result.fate).toEqual({ kind: "forwarded", device: "eth0" });
});

test("with ip_forward off, a packet not for this host is dropped by routing", () => {
	const result = trace("tcp 10.0.2.3:40000 > 172.17.0.2:80 in eth0 syn", {
		ipForward: false,
	});
	expect(result.fate).toMatchObject({ kind: "dropped", by: "routing" });
	expect(result.events).toEqual([]);
});

test("a packet arriving with TTL 1 is not forwarded; an ICMP time-exceeded goes back", () => {
	const result = trace("udp 10.0.2.3:40000 > 172.17.0.2:53 in eth0 ttl 1");
	expect(result.fate).toMatchObject({ kind: "dropped", by: "ttl" });
	expect(result.generated[0]?.icmp).toMatchObject({ type: 11, code: 0 });
});
