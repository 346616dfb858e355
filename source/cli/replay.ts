/**
 * `iptx replay`: a stream of packets in kernel log notation through the
 * ruleset, with conntrack and rule state carried from packet to packet.
 * Output: one JSON object per packet (`jsonl`), readable text, or the LOG
 * lines as /var/log/messages would hold them.
 */
import meow from "meow";
import {
	bridgePortsSeen,
	describeFate,
	type EngineState,
	eventText,
	formatMessagesLine,
	type PacketMeta,
	parseLogPacket,
	simulate,
	splitLogFraming,
	type Trace,
	type UnknownMatchPolicy,
	withBridgePorts,
} from "../engine/index.js";
import { reportBuilt } from "./built-report.js";
import { unknownFlag, unknownFlagMessage } from "./flags.js";
import { type InputLine, lineByteLimit, openLines } from "./input-lines.js";
import { loadInputs } from "./inputs.js";
import { buildSimulationContext } from "./simulation-context.js";
import { jsonText, writeErr, writeOut } from "./terminal-out.js";

const help = `
	Usage
	  $ iptx replay --rules FILE --packets FILE [options]

	Replays packets, one per line in the kernel's log notation (IN=eth0 OUT= ...
	SRC=... DST=... PROTO=TCP SPT=... DPT=... SYN ...), optionally preceded by a
	dmesg timestamp or a syslog prefix, so a /var/log/messages excerpt works.
	An empty IN= is a locally generated packet. Conntrack carries over.

	Options
	  --rules FILE       iptables-save output (or a capture bundle folder)
	  --addr FILE        ip -j addr show (or ip addr text)
	  --route FILE       ip -j route show (or ip route / route -n text)
	  --rule FILE        ip -j rule show (or ip rule text): policy routing
	  --ipset FILE       ipset save output
	  --bundle DIR       a capture bundle (iptx capture)
	  --packets FILE     the packets; - for standard input
	  --format F         jsonl (default), text or messages
	  --hostname NAME    host name for messages lines (default: the bundle's)
	  --start TIME       wall-clock time of the first packet for messages lines
	                     (ISO 8601; default: now) when the input has uptime stamps
	  --unknown POLICY   assume-no-match (default), assume-match or stop
	  --seed N           seed for random draws (statistic, NAT ports)
	  --uid N, --gid N   owner of the host's processes' sockets for packets whose
	                     line shows none (default 0, root; -m owner, --log-uid)
`;

type Format = "jsonl" | "text" | "messages";

const flagDeclarations = {
	rules: { type: "string" },
	addr: { type: "string" },
	route: { type: "string" },
	rule: { type: "string" },
	ipset: { type: "string" },
	bundle: { type: "string" },
	packets: { type: "string" },
	format: { type: "string", default: "jsonl" },
	hostname: { type: "string" },
	start: { type: "string" },
	uid: { type: "number", default: 0 },
	gid: { type: "number", default: 0 },
	unknown: { type: "string", default: "assume-no-match" },
	seed: { type: "number", default: 1 },
} as const;

export async function runReplay(argv: readonly string[]): Promise<number> {
	const unknown = unknownFlag(argv, flagDeclarations);
	if (unknown !== undefined) {
		writeErr(`${unknownFlagMessage("iptx replay", unknown)}\n`);
		return 2;
	}
	const cli = meow(help, {
		argv: [...argv],
		importMeta: import.meta,
		flags: flagDeclarations,
	});
	const { flags } = cli;
	const format = flags.format as Format;
	if (!["jsonl", "text", "messages"].includes(format))
		return usage(`unknown --format ${flags.format}`);
	if (!["assume-no-match", "assume-match", "stop"].includes(flags.unknown))
		return usage(`unknown --unknown ${flags.unknown}`);
	// meow hands a lone "-" to the positional input, not to --packets.
	const packets = flags.packets || (cli.input.includes("-") ? "-" : "");
	if (!packets) return usage("--packets is required");
	const start =
		flags.start === undefined
			? Date.now() / 1000
			: Date.parse(flags.start) / 1000;
	// Syslog stamps have no year: the year of --start (default: this year).
	const year = new Date(
		Number.isNaN(start) ? Date.now() : start * 1000,
	).getUTCFullYear();
	if (Number.isNaN(start)) return usage(`cannot read --start ${flags.start}`);
	if (!flags.rules && !flags.bundle)
		return usage("--rules or --bundle is required");
	const loaded = await loadInputs({
		rules: flags.rules,
		addr: flags.addr,
		route: flags.route,
		rule: flags.rule,
		ipset: flags.ipset,
		bundle: flags.bundle,
	});
	if (!loaded.ok) {
		writeErr(`iptx replay: ${loaded.error}\n`);
		return loaded.exitCode;
	}
	const built = buildSimulationContext(loaded);
	const refused = reportBuilt(built, "iptx replay");
	if (refused !== undefined) return refused;
	const source = openLines(packets);
	if (!source.ok) {
		writeErr(`iptx replay: ${source.error}\n`);
		return 2;
	}
	const lines: InputLine[] = [];
	for await (const line of source.lines) {
		if (line.kind === "too-long" || !skipped(line.text)) lines.push(line);
	}
	const parsed = lines.map((line) => readLine(line, built.unknownDevice));
	const out: string[] = [];
	const inputs = parsed.flatMap((p) => (p.ok ? [p.input] : []));
	const first = inputs[0]?.meta.time ?? 0;
	let state: EngineState = withBridgePorts(
		built.initialState(first, flags.seed),
		bridgePortsSeen(inputs),
	);
	let unreadable = 0;
	for (const [index, packet] of parsed.entries()) {
		const n = index + 1;
		if (!packet.ok) {
			unreadable++;
			// In jsonl the failure is a record of the stream; else it is not output.
			if (format === "jsonl")
				out.push(
					jsonText({
						n,
						line: packet.line,
						error: packet.error,
						column: packet.column,
					}),
				);
			else {
				flush(out);
				writeErr(
					`iptx replay: line ${packet.line}: cannot read the packet (column ${packet.column}): ${packet.error}\n`,
				);
			}
			continue;
		}
		const result = simulate(built.context, packet.input, state, {
			unknownMatch: flags.unknown as UnknownMatchPolicy,
			followLoopback: false,
			detail: "events",
			localOwner: { uid: flags.uid, gid: flags.gid },
		});
		state = result.state;
		out.push(
			...render(format, n, result.trace, {
				hostname: flags.hostname ?? built.hostName,
				time: wallClock(result.trace.metaIn.time, first, start, packet.stamp),
				year,
			}),
		);
		if (out.length > 4096) flush(out);
	}
	flush(out);
	return unreadable > 0 ? 1 : 0;
}

function skipped(text: string): boolean {
	return text.trim() === "" || text.trimStart().startsWith("#");
}

type ReadLine =
	| (ReturnType<typeof parseLogPacket> & { readonly ok: true } & {
			readonly line: number;
			readonly stamp: number | undefined;
	  })
	| {
			readonly ok: false;
			readonly line: number;
			readonly error: string;
			readonly column: number;
	  };

/** A packet line read, with its line number and the log's own wall-clock stamp. */
function readLine(
	line: InputLine,
	unknownDevice: (meta: PacketMeta) => string | undefined,
): ReadLine {
	if (line.kind === "too-long")
		return {
			ok: false,
			line: line.n,
			error: `line of ${line.bytes} bytes, longer than the ${lineByteLimit} iptx reads`,
			column: 1,
		};
	const parsed = parseLogPacket(line.text);
	if (!parsed.ok) return { ...parsed, line: line.n };
	const unknown = unknownDevice(parsed.input.meta);
	if (unknown !== undefined)
		return { ok: false, line: line.n, error: unknown, column: 1 };
	return { ...parsed, line: line.n, stamp: splitLogFraming(line.text).stamp };
}

function flush(out: string[]): void {
	if (out.length > 0) writeOut(`${out.join("\n")}\n`);
	out.length = 0;
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
	format: Format,
	n: number,
	trace: Trace,
	where: {
		readonly hostname: string;
		readonly time: number;
		readonly year: number;
	},
): string[] {
	switch (format) {
		case "jsonl":
			return [
				jsonText({
					n,
					trace: trace.events.map(eventText),
					log: trace.logs,
					fate: describeFate(trace.fate),
					verdict: trace.fate.kind,
				}),
			];
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

function usage(message: string): number {
	writeErr(`iptx replay: ${message}\n${help}`);
	return 2;
}
