/**
 * A live host's `conntrack -L` seeds the engine: a packet of a listed
 * connection is ESTABLISHED and follows its NAT, as on the host itself.
 */
import { expect, test } from "vitest";
import { buildSimulationContext } from "../../source/cli/simulation-context.js";
import { parsePacketSpec, simulate } from "../../source/engine/index.js";

const rules = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT
COMMIT
`;
const addr = `1: lo: <LOOPBACK,UP> mtu 65536
    inet 127.0.0.1/8 scope host lo
2: eth0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0
3: docker0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff
    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
`;
const conntrack = [
	"tcp      6 431999 ESTABLISHED src=10.0.2.3 dst=10.0.2.15 sport=45000 dport=22 src=10.0.2.15 dst=10.0.2.3 sport=22 dport=45000 [ASSURED] mark=0 use=1",
	"tcp      6 431999 ESTABLISHED src=10.0.2.3 dst=10.0.2.15 sport=45001 dport=8080 src=172.17.0.2 dst=10.0.2.3 sport=80 dport=45001 [ASSURED] mark=0 use=1",
].join("\n");

const built = buildSimulationContext({
	ok: true,
	rulesText: rules,
	rulesSource: "rules",
	addrText: addr,
	conntrackText: conntrack,
	presets: [],
	origin: "bundle",
	commands: [],
	notes: [],
});

function trace(spec: string) {
	const parsed = parsePacketSpec(spec);
	if (!parsed.ok) throw new Error(parsed.error);
	return simulate(built.context, parsed.input, built.initialState(0)).trace;
}

test("listed connections are loaded", () => {
	expect(built.connections).toBe(2);
});

test("an ACK of a listed connection is ESTABLISHED and accepted", () => {
	const result = trace("tcp 10.0.2.3:45000 > 10.0.2.15:22 in eth0 ack");
	expect(result.fate).toMatchObject({ kind: "delivered" });
	expect(result.steps).toContainEqual(
		expect.objectContaining({ kind: "conntrack", info: "ESTABLISHED" }),
	);
});

test("a packet of a listed DNATed connection is translated without walking nat", () => {
	const result = trace("tcp 10.0.2.3:45001 > 10.0.2.15:8080 in eth0 ack");
	expect(result.fate).toEqual({ kind: "forwarded", device: "docker0" });
	expect(result.packetOut.dst).toBe(0xac110002);
	expect(result.events.some((e) => e.table === "nat")).toBe(false);
});

test("without the listing the same ACK starts a NEW connection and is dropped", () => {
	const parsed = parsePacketSpec(
		"tcp 10.0.2.3:45000 > 10.0.2.15:22 in eth0 ack",
	);
	if (!parsed.ok) throw new Error(parsed.error);
	const fresh = buildSimulationContext({
		ok: true,
		rulesText: rules,
		rulesSource: "rules",
		addrText: addr,
		presets: [],
		origin: "bundle",
		commands: [],
		notes: [],
	});
	const result = simulate(
		fresh.context,
		parsed.input,
		fresh.initialState(0),
	).trace;
	expect(result.fate).toMatchObject({ kind: "dropped", by: "policy" });
});
