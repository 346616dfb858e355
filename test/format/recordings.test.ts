import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
	formatLogLine,
	type LogFlags,
	noLogFlags,
	traceLogFlags,
} from "../../source/engine/format/log-line.js";
import { parseLogPacket } from "../../source/engine/format/parse-log-packet.js";

type Recording = {
	readonly packets: readonly {
		readonly n: number;
		readonly packet: string;
		readonly events: readonly { readonly packet: string }[];
		readonly logs: readonly string[];
	}[];
};

const scenarios = ["docker-seed", "docker-modern", "host-firewall"] as const;

function load(name: string): Recording {
	const url = new URL(
		`../fixtures/scenarios/${name}/kernel.json`,
		import.meta.url,
	);
	return JSON.parse(readFileSync(url, "utf8")) as Recording;
}

/** Parses a kernel line and formats it again with the flags it was logged with. */
function roundTrip(line: string, flags: LogFlags): string {
	const parsed = parseLogPacket(line);
	if (!parsed.ok)
		throw new Error(`${parsed.error} at ${parsed.column}: ${line}`);
	const { packet, meta } = parsed.input;
	return formatLogLine(packet, meta, parsed.devices, {
		...flags,
		prefix: parsed.prefix,
	});
}

/** The oracle's nft rule logged arrivals with `flags tcp sequence`. */
const arrivalFlags: LogFlags = { ...noLogFlags, tcpSequence: true };

describe.each(scenarios)("recording %s", (name) => {
	const recording = load(name);
	const events = recording.packets.flatMap((p) =>
		p.events.map((e) => [p.n, e.packet] as const),
	);
	const logs = recording.packets.flatMap((p) =>
		p.logs.map((l) => [p.n, l] as const),
	);

	test("has lines to check", () => {
		expect(events.length).toBeGreaterThan(0);
	});

	test.each(recording.packets.map((p) => [p.n, p.packet] as const))(
		"arrival of packet %i round-trips",
		(_n, line) => {
			// The recorder stripped the kernel's trailing space.
			expect(roundTrip(line, arrivalFlags).trimEnd()).toBe(line);
		},
	);

	test.each(events)("TRACE event of packet %i round-trips", (_n, line) => {
		expect(roundTrip(line, traceLogFlags).trimEnd()).toBe(line);
	});

	test.each(logs)("LOG line of packet %i round-trips exactly", (_n, line) => {
		expect(roundTrip(line, noLogFlags)).toBe(line);
	});
});
