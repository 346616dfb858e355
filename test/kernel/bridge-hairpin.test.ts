/**
 * Bridge hairpin mode, read from the host (`ip -j -d addr`): the recorded
 * bridge-hairpin scenario (hairpin off: a bridged DNAT back to the input
 * port is dropped after nat PREROUTING) replayed once more with the input
 * port in hairpin mode, where the bridge sends the frame back out of it:
 * FORWARD and POSTROUTING see it leave by the port it came in on.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import {
	bridgePortsSeen,
	createEngineState,
	createHostView,
	eventText,
	parseHost,
	parseLogPacket,
	parseRuleset,
	simulate,
	withBridgePorts,
} from "../../source/engine/index.js";

const file = path.join(
	import.meta.dirname,
	"../fixtures/scenarios-own/bridge-hairpin/kernel.json",
);
const recording = JSON.parse(readFileSync(file, "utf8"));

function firstPacket(hairpin: boolean) {
	const addr = (recording.host.ip_addr as { ifname: string }[]).map((link) =>
		link.ifname === "veth1" && hairpin
			? {
					...link,
					linkinfo: { info_kind: "veth", info_slave_data: { hairpin } },
				}
			: link,
	);
	const { host } = parseHost({
		addr: JSON.stringify(addr),
		route: JSON.stringify(recording.host.ip_route),
	});
	expect(
		host.interfaces.find((i) => i.name === "veth1")?.hairpin === true,
	).toBe(hairpin);
	const { ruleset } = parseRuleset(recording.iptables_save_before, {
		source: "rules.v4",
	});
	const inputs = (
		recording.packets as { time: number; packet: string }[]
	).flatMap((p) => {
		const line = parseLogPacket(
			`[${p.time.toFixed(6).padStart(12)}] ${p.packet}`,
		);
		return line.ok ? [line.input] : [];
	});
	const state = withBridgePorts(createEngineState(), bridgePortsSeen(inputs));
	const first = inputs[0];
	if (first === undefined) throw new Error("no packet");
	const result = simulate(
		{ ruleset, host: createHostView(host) },
		first,
		state,
		{
			followLoopback: false,
			detail: "events",
		},
	);
	return {
		events: result.trace.events.map(eventText),
		logs: result.trace.logs,
	};
}

test("hairpin off (recorded): dropped by the bridge after nat PREROUTING", () => {
	expect(firstPacket(false).events).toEqual(["nat:PREROUTING:rule:1"]);
});

test("hairpin on: the frame goes back out of veth1 through FORWARD and POSTROUTING", () => {
	const { events, logs } = firstPacket(true);
	expect(events).toEqual([
		"nat:PREROUTING:rule:1",
		"filter:FORWARD:rule:1",
		"filter:FORWARD:policy:2",
		"nat:POSTROUTING:rule:1",
		"nat:POSTROUTING:policy:2",
	]);
	expect(logs[0]).toContain("PHYSIN=veth1 PHYSOUT=veth1");
});
