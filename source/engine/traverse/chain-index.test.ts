/**
 * The destination index skips only rules that could not match: replaying
 * with it (detail "events") gives exactly the TRACE events and LOG lines of a
 * full scan (detail "full"), whatever the packet.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { parsePacketSpec } from "../format/packet-spec.js";
import { createHostView } from "../host/host-view-impl.js";
import { parseHost } from "../host/parse-host.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { eventText } from "../report/trace-text.js";
import { createEngineState } from "./engine-state.js";
import { simulate } from "./simulate.js";

const lines: string[] = [];
for (let i = 0; i < 150; i++) {
	const address = `10.96.0.${i % 40}`;
	switch (i % 5) {
		case 0:
			lines.push(
				`-A INPUT -d ${address}/32 -p tcp -m tcp --dport ${80 + (i % 3)} -j LOG --log-prefix "r${i} "`,
			);
			break;
		case 1:
			lines.push(
				`-A INPUT ! -d ${address}/32 -p udp -j LOG --log-prefix "n${i} "`,
			);
			break;
		case 2:
			lines.push(
				`-A INPUT -d 10.96.0.0/24 -m limit --limit 1/min -j LOG --log-prefix "l${i} "`,
			);
			break;
		case 3:
			lines.push(
				`-A INPUT -d ${address}/32 -m statistic --mode nth --every 2 -j LOG --log-prefix "s${i} "`,
			);
			break;
		default:
			lines.push(`-A INPUT -p icmp -j LOG --log-prefix "i${i} "`);
	}
}
const { ruleset } = parseRuleset(
	`*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${lines.join("\n")}\nCOMMIT\n`,
);
const host = createHostView(
	parseHost({
		addr: "1: lo: <LOOPBACK,UP> mtu 65536\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,UP> mtu 1500\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.96.0.1/16 scope global eth0\n",
	}).host,
);

test("indexed replay equals a full scan", () => {
	fc.assert(
		fc.property(
			fc.array(
				fc.record({
					last: fc.integer({ min: 0, max: 45 }),
					protocol: fc.constantFrom("tcp", "udp", "icmp"),
					port: fc.integer({ min: 79, max: 83 }),
				}),
				{ minLength: 1, maxLength: 12 },
			),
			(packets) => {
				let full = createEngineState();
				let fast = createEngineState();
				packets.forEach(({ last, protocol, port }, index) => {
					const spec =
						protocol === "icmp"
							? `icmp 10.96.5.5 > 10.96.0.${last} type 8 in eth0`
							: `${protocol} 10.96.5.5:${1000 + index} > 10.96.0.${last}:${port} in eth0${protocol === "tcp" ? " syn" : ""}`;
					const parsed = parsePacketSpec(spec, { defaultTime: index });
					if (!parsed.ok) throw new Error(parsed.error);
					const a = simulate({ ruleset, host }, parsed.input, full, {
						detail: "full",
					});
					const b = simulate({ ruleset, host }, parsed.input, fast, {
						detail: "events",
					});
					full = a.state;
					fast = b.state;
					expect(b.trace.events.map(eventText)).toEqual(
						a.trace.events.map(eventText),
					);
					expect(b.trace.logs).toEqual(a.trace.logs);
				});
			},
		),
		{ numRuns: 60 },
	);
});
