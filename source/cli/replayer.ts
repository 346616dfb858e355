/**
 * One replay line after another: parse, simulate from the state the packets
 * before left, render in the chosen format. The state starts at the first
 * packet that reads, with the bridge ports learned ahead.
 */
import {
	type BridgePort,
	describeFate,
	type EngineState,
	escapeTerminalText,
	eventText,
	formatMessagesLine,
	parseLogPacket,
	simulate,
	type Trace,
	type UnknownMatchPolicy,
	withBridgePorts,
} from "../engine/index.js";
import type { InputLine } from "./read-lines.js";
import type { buildSimulationContext } from "./simulation-context.js";

export type Format = "jsonl" | "text" | "messages";

/** The checked flags of `iptx replay`. */
export type ReplayFlags = {
	readonly format: Format;
	readonly packets: string;
	readonly start: number;
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

	constructor(built: Built, flags: ReplayFlags, ports: readonly BridgePort[]) {
		this.built = built;
		this.flags = flags;
		this.ports = ports;
	}

	line(line: InputLine, out: string[]): void {
		if (typeof line === "string" && skippedLine.test(line)) return;
		const n = ++this.n;
		const packet =
			typeof line === "string"
				? parseLogPacket(line)
				: ({
						ok: false,
						error: `line of ${line.length} characters is too long`,
						column: 1,
					} as const);
		if (!packet.ok) {
			out.push(
				this.flags.format === "jsonl"
					? JSON.stringify({ n, error: packet.error, column: packet.column })
					: `#${n}: cannot read the packet (column ${packet.column}): ${packet.error}`,
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
		});
		this.state = result.state;
		out.push(
			...render(this.flags.format, n, result.trace, {
				hostname: this.flags.hostname ?? this.built.hostName,
				time: wallClock(result.trace.metaIn.time, this.first, this.flags.start),
			}),
		);
	}
}

/** Blank lines and `#` comments are not packets. */
const skippedLine = /^\s*(?:#|$)/;

/**
 * Seconds since the epoch for a packet time: epoch stamps (syslog RFC 3339)
 * are kept; uptime stamps (dmesg) count from `start` at the first packet.
 */
function wallClock(time: number, first: number, start: number): number {
	return time > 1e9 ? time : start + (time - first);
}

function render(
	format: Format,
	n: number,
	trace: Trace,
	where: { readonly hostname: string; readonly time: number },
): string[] {
	switch (format) {
		case "jsonl":
			return [
				JSON.stringify({
					n,
					trace: trace.events.map(eventText),
					log: trace.logs,
					fate: describeFate(trace.fate),
					verdict: trace.fate.kind,
				}),
			];
		case "messages":
			return trace.logs.map((line) =>
				escapeTerminalText(formatMessagesLine(line, where)),
			);
		case "text":
			return [
				`#${n} ${describeFate(trace.fate)}`,
				...trace.events.map((event) => `  ${eventText(event)}`),
				...trace.logs.map((line) => `  log: ${escapeTerminalText(line)}`),
			];
	}
}
