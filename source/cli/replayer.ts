/**
 * One replay line after another: parse, simulate from the state the packets
 * before left, render in the chosen format. The state starts at the first
 * packet that reads, with the bridge ports learned ahead.
 */
import {
	type BridgePort,
	describeFate,
	type EngineState,
	eventText,
	formatMessagesLine,
	parseLogPacket,
	parsePacketSpec,
	simulate,
	type Trace,
	type UnknownMatchPolicy,
	withBridgePorts,
} from "../engine/index.js";
import type { InputLine } from "./read-lines.js";
import { jsonlRecord } from "./replay-jsonl.js";
import type { buildSimulationContext } from "./simulation-context.js";
import { jsonText, writeErr } from "./terminal-out.js";

export type Format = "jsonl" | "text" | "messages";

/** The checked flags of `iptx replay`. */
export type ReplayFlags = {
	readonly format: Format;
	readonly packets: string;
	readonly start: number;
	/** The year syslog stamps (which have none) are read in. */
	readonly year: number;
	readonly hostname: string | undefined;
	readonly unknown: UnknownMatchPolicy;
	readonly seed: number;
	readonly uid: number;
	readonly gid: number;
};

export type Built = ReturnType<typeof buildSimulationContext>;

/** The state carried from packet to packet and the rendering of each. */
export class Replayer {
	private state: EngineState | undefined;
	private first = 0;
	private n = 0;
	private readonly built: Built;
	private readonly flags: ReplayFlags;
	private readonly ports: readonly BridgePort[];

	constructor(
		built: Built,
		flags: ReplayFlags,
		ports: readonly BridgePort[],
		/** Where unreadable lines are told. @default standard error */
		err: (text: string) => void = writeErr,
	) {
		this.built = built;
		this.flags = flags;
		this.ports = ports;
		this.err = err;
	}

	/** The line's packet, or why it is not one the host can receive. */
	private read(line: InputLine) {
		if (typeof line !== "string")
			return {
				ok: false,
				error: `line of ${line.length} characters is too long`,
				column: 1,
			} as const;
		const packet = line.includes("IN=")
			? parseLogPacket(line)
			: this.readShort(line);
		if (!packet.ok) return packet;
		this.lastTime = packet.input.meta.time;
		const unknown = this.built.unknownDevice(packet.input.meta);
		if (unknown !== undefined)
			return { ok: false, error: unknown, column: 1 } as const;
		return packet;
	}

	/**
	 * A line in the short form (`tcp [fd00:2::3]:45000 > [fd00:2::15]:80 in
	 * eth0 syn`), at the time of the packet before it unless it says `time S`.
	 * A line that is not one either is reported as not being a log line.
	 */
	private readShort(line: string) {
		const short = parsePacketSpec(line, { defaultTime: this.lastTime });
		return short.ok || short.column > 1 ? short : parseLogPacket(line);
	}

	/** Packet time of the last line read (seconds). */
	private lastTime = 0;

	/** Lines that held no packet iptx can read (told on standard error, or as jsonl records). */
	unreadable = 0;
	private lineNo = 0;
	private readonly err: (text: string) => void;

	line(input: InputLine, out: string[]): void {
		this.lineNo++;
		// A CRLF file's CR is not part of the line.
		const line =
			typeof input === "string" && input.endsWith("\r")
				? input.slice(0, -1)
				: input;
		if (typeof line === "string" && skipped(line)) return;
		const n = ++this.n;
		const packet = this.read(line);
		if (!packet.ok) {
			this.unreadable++;
			if (this.flags.format === "jsonl")
				out.push(
					jsonText({
						n,
						line: this.lineNo,
						error: packet.error,
						column: packet.column,
					}),
				);
			else
				this.err(
					`iptx replay: line ${this.lineNo}: cannot read the packet (column ${packet.column}): ${packet.error}\n`,
				);
			return;
		}
		if (this.state === undefined) {
			this.first = packet.input.meta.time;
			this.state = withBridgePorts(
				this.built.initialState(this.first, this.flags.seed),
				this.ports,
			);
		}
		const result = simulate(this.built.context, packet.input, this.state, {
			unknownMatch: this.flags.unknown,
			followLoopback: false,
			detail: "events",
			localOwner: { uid: this.flags.uid, gid: this.flags.gid },
			// Only the latest state is kept: the engine may change it in place.
			reuseState: true,
		});
		this.state = result.state;
		if (this.flags.format === "jsonl") {
			out.push(jsonlRecord(n, result.trace));
			return;
		}
		out.push(
			...render(this.flags.format, n, result.trace, {
				hostname: this.flags.hostname ?? this.built.hostName,
				time: wallClock(
					result.trace.metaIn.time,
					this.first,
					this.flags.start,
					"stamp" in packet ? (packet.stamp as number | undefined) : undefined,
				),
				year: this.flags.year,
			}),
		);
	}
}

/** Blank lines and `#` comments are not packets. */
const skippedLine = /^\s*(?:#|$)/;

/** `skippedLine`, without the regex for a line starting with printable ASCII other than `#` (most). */
function skipped(line: string): boolean {
	const first = line.charCodeAt(0);
	if (first > 32 && first < 127 && first !== 35) return false;
	return skippedLine.test(line);
}

/**
 * The wall-clock time of a packet's messages lines: the log's own syslog
 * stamp when it has one (a BSD stamp counts from 1 January: the year is
 * added when formatting), else from its uptime (dmesg) stamp counted from
 * `start` at the first packet.
 */
function wallClock(
	time: number,
	first: number,
	start: number,
	stamp: number | undefined,
): number {
	if (stamp !== undefined) return stamp;
	return time > 1e9 ? time : start + (time - first);
}

function render(
	format: Exclude<Format, "jsonl">,
	n: number,
	trace: Trace,
	where: {
		readonly hostname: string;
		readonly time: number;
		readonly year: number;
	},
): string[] {
	switch (format) {
		case "messages":
			return trace.logs.map((line) => formatMessagesLine(line, where));
		case "text":
			return [
				`#${n} ${describeFate(trace.fate)}`,
				...trace.events.map((event) => `  ${eventText(event)}`),
				...trace.logs.map((line) => `  log: ${line}`),
			];
	}
}
