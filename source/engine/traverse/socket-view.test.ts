/**
 * The host's sockets keep their TCP state whatever conntrack sees (kernel
 * recording: test/fixtures/scenarios-own/owner-socket-view, found by fuzz
 * seed 2): a server whose client's packets are NOTRACKed, or tracked in
 * another zone, still sends its last ACK from a TIME_WAIT-bound socket.
 */
import { expect, test } from "vitest";
import { parsePacketSpec } from "../format/packet-spec.js";
import { createHostView } from "../host/host-view-impl.js";
import { parseHost } from "../host/parse-host.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { createEngineState, type EngineState } from "./engine-state.js";
import { simulate } from "./simulate.js";

const host = createHostView(
	parseHost({
		addr: `1: lo: <LOOPBACK,UP> mtu 65536
    inet 127.0.0.1/8 scope host lo
2: eth0: <BROADCAST,UP> mtu 1500
    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0
`,
		route: "10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n",
	}).host,
);

function rulesWith(raw: string) {
	return parseRuleset(`*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
${raw}
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -p tcp -m owner ! --socket-exists -j LOG --log-prefix "no-socket: "
-A OUTPUT -p tcp -m owner --uid-owner 0 -j LOG --log-prefix "owned: "
COMMIT
`).ruleset;
}

const client = "10.0.2.3:40000";
const server = "10.0.2.15:2222";
/** A connection the server closes first: `in` segments come from the client, `out` ones from the server. */
const closedByServer: readonly [string, string][] = [
	["in", "syn"],
	["out", "flags SA"],
	["in", "ack"],
	["in", "flags PA"],
	["out", "flags PA"],
	["out", "flags FA"],
	["in", "flags FA"],
	["out", "ack"],
];

/** The LOG prefixes each server segment met, in order. */
function serverPrefixes(raw: string): string[] {
	const ruleset = rulesWith(raw);
	let state: EngineState = createEngineState();
	const prefixes: string[] = [];
	closedByServer.forEach(([way, flags], index) => {
		const spec =
			way === "in"
				? `tcp ${client} > ${server} in eth0 ${flags} time ${index}`
				: `tcp ${server} > ${client} local ${flags} time ${index}`;
		const parsed = parsePacketSpec(spec);
		if (!parsed.ok) throw new Error(parsed.error);
		const run = simulate({ ruleset, host }, parsed.input, state, {
			localOwner: { uid: 0, gid: 0 },
		});
		state = run.state;
		if (way === "out")
			prefixes.push(run.trace.logs.map((l) => l.split(":")[0]).join(","));
	});
	return prefixes;
}

const expected = ["owned", "owned", "owned", "no-socket"];

test("conntrack sees the whole connection: the last ACK has no socket", () => {
	expect(serverPrefixes("")).toEqual(expected);
});

test("the client's packets are NOTRACKed: the server's socket still closes", () => {
	expect(
		serverPrefixes("-A PREROUTING -p tcp -m tcp --dport 2222 -j NOTRACK"),
	).toEqual(expected);
});

test("the client's packets go to another zone: the server's socket still closes", () => {
	expect(serverPrefixes("-A PREROUTING -i eth0 -p tcp -j CT --zone 3")).toEqual(
		expected,
	);
});
