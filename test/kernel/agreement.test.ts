/**
 * The kernel is the judge: every recorded scenario (ours and the shared
 * ones, copied into fixtures) replayed through the engine must give the
 * kernel's TRACE events and LOG lines for every packet.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
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
import { type KernelRecording, readRecording } from "../helpers/recording.js";

const fixtures = path.join(import.meta.dirname, "..", "fixtures");
// Recordings with nf_tables in play are replayed by nft-agreement.test.ts.
const recordings = ["scenarios", "scenarios-own"]
	.flatMap((folder) =>
		readdirSync(path.join(fixtures, folder)).map((name) =>
			path.join(fixtures, folder, name, "kernel.json"),
		),
	)
	.filter(
		(file) => !readFileSync(file, "utf8").includes('"nft_ruleset_before"'),
	);

/** Replays a recording; returns the packets whose trace or log lines differ. */
function disagreements(recording: KernelRecording): string[] {
	const { ruleset } = parseRuleset(recording.iptables_save_before, {
		source: "rules.v4",
	});
	const { host } = parseHost({
		addr: JSON.stringify(recording.host.ip_addr),
		route: JSON.stringify(recording.host.ip_route),
		...(recording.host.ip_route6 === undefined
			? {}
			: { route6: JSON.stringify(recording.host.ip_route6) }),
	});
	const rules6 = recording.ip6tables_save_before;
	const context = {
		ruleset,
		...(rules6 === undefined
			? {}
			: {
					ruleset6: parseRuleset(rules6, { source: "rules.v6", family: "ipv6" })
						.ruleset,
				}),
		host: createHostView(host),
	};
	const out: string[] = [];
	const lines = recording.packets.map((packet) =>
		parseLogPacket(
			`[${packet.time.toFixed(6).padStart(12)}] ${packet.packet}${packet.exthdr ? ` EXTHDR=${packet.exthdr.join(",")}` : ""}`,
		),
	);
	let state = withBridgePorts(
		createEngineState(),
		bridgePortsSeen(lines.flatMap((line) => (line.ok ? [line.input] : []))),
	);
	for (const [index, packet] of recording.packets.entries()) {
		const parsed = lines[index];
		if (!parsed?.ok) {
			out.push(`#${packet.n}: unreadable`);
			continue;
		}
		const result = simulate(context, parsed.input, state, {
			followLoopback: false,
			detail: "events",
			localOwner: { uid: 0, gid: 0 },
		});
		state = result.state;
		const want = packet.events
			.map((e) => `${e.table}:${e.chain}:${e.type}:${e.num}`)
			.join(" ");
		const have = result.trace.events.map(eventText).join(" ");
		const wantLogs = packet.logs.map((l) => l.trim()).join("\n");
		const haveLogs = result.trace.logs.map((l) => l.trim()).join("\n");
		if (want !== have)
			out.push(`#${packet.n} trace\n  kernel: ${want}\n  iptx:   ${have}`);
		if (wantLogs !== haveLogs)
			out.push(
				`#${packet.n} log\n  kernel: ${wantLogs}\n  iptx:   ${haveLogs}`,
			);
	}
	return out;
}

describe("agreement with the kernel recordings", () => {
	test.each(
		recordings.map((file) => [path.basename(path.dirname(file)), file]),
	)("%s", (_name, file) => {
		const recording = readRecording(file);
		expect(disagreements(recording)).toEqual([]);
	});
});
