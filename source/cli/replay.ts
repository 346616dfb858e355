/**
 * `iptx replay`: a stream of packets in kernel log notation through the
 * ruleset, with conntrack and rule state carried from packet to packet.
 * Output: one JSON object per packet (`jsonl`), readable text, or the LOG
 * lines as /var/log/messages would hold them.
 */
import { readFileSync } from "node:fs";
import process from "node:process";
import meow from "meow";
import {
	bridgePortsSeen,
	describeFate,
	type EngineState,
	escapeTerminalText,
	eventText,
	formatDiagnostic,
	formatMessagesLine,
	parseLogPacket,
	simulate,
	type Trace,
	type UnknownMatchPolicy,
	withBridgePorts,
} from "../engine/index.js";
import { loadInputs } from "./inputs.js";
import { buildSimulationContext } from "./simulation-context.js";

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
	  --rules6 FILE      ip6tables-save output: the host's IPv6 tables
	  --route6 FILE      ip -j -6 route (or ip -6 route text): IPv6 routes
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

export async function runReplay(argv: readonly string[]): Promise<number> {
	const cli = meow(help, {
		argv: [...argv],
		importMeta: import.meta,
		flags: {
			rules: { type: "string" },
			addr: { type: "string" },
			route: { type: "string" },
			rule: { type: "string" },
			rules6: { type: "string" },
			route6: { type: "string" },
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
		},
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
	if (Number.isNaN(start)) return usage(`cannot read --start ${flags.start}`);
	if (!flags.rules && !flags.bundle)
		return usage("--rules or --bundle is required");
	const loaded = await loadInputs({
		rules: flags.rules,
		addr: flags.addr,
		route: flags.route,
		rule: flags.rule,
		rules6: flags.rules6,
		route6: flags.route6,
		ipset: flags.ipset,
		bundle: flags.bundle,
	});
	if (!loaded.ok) {
		process.stderr.write(`iptx replay: ${loaded.error}\n`);
		return loaded.exitCode;
	}
	const built = buildSimulationContext(loaded);
	for (const diagnostic of built.diagnostics) {
		if (diagnostic.severity === "error")
			process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
	}
	let text: string;
	try {
		text =
			packets === "-" ? readFileSync(0, "utf8") : readFileSync(packets, "utf8");
	} catch (error) {
		process.stderr.write(
			`iptx replay: cannot read ${packets}: ${(error as Error).message}\n`,
		);
		return 2;
	}
	const out: string[] = [];
	const lines = text
		.split("\n")
		.filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
	const parsed = lines.map((line) => parseLogPacket(line));
	const inputs = parsed.flatMap((p) => (p.ok ? [p.input] : []));
	const first = inputs[0]?.meta.time ?? 0;
	let state: EngineState = withBridgePorts(
		built.initialState(first, flags.seed),
		bridgePortsSeen(inputs),
	);
	for (const [index, packet] of parsed.entries()) {
		const n = index + 1;
		if (!packet.ok) {
			out.push(
				format === "jsonl"
					? JSON.stringify({ n, error: packet.error, column: packet.column })
					: `#${n}: cannot read the packet (column ${packet.column}): ${packet.error}`,
			);
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
				time: wallClock(result.trace.metaIn.time, first, start),
			}),
		);
		if (out.length > 4096) flush(out);
	}
	flush(out);
	return 0;
}

function flush(out: string[]): void {
	if (out.length > 0) process.stdout.write(`${out.join("\n")}\n`);
	out.length = 0;
}

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

function usage(message: string): number {
	process.stderr.write(`iptx replay: ${message}\n${help}`);
	return 2;
}
