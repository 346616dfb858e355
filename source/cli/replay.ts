/**
 * `iptx replay`: a stream of packets in kernel log notation through the
 * ruleset, with conntrack and rule state carried from packet to packet.
 * Output: one JSON object per packet (`jsonl`), readable text, or the LOG
 * lines as /var/log/messages would hold them.
 */
import { closeSync, createReadStream } from "node:fs";
import process from "node:process";
import meow from "meow";
import type { BridgePort, UnknownMatchPolicy } from "../engine/index.js";
import { BridgePortLearner } from "./bridge-lookahead.js";
import { reportBuilt } from "./built-report.js";
import { hostFileFlags, unknownFlag, unknownFlagMessage } from "./flags.js";
import { openRegular } from "./input-file.js";
import { loadInputs } from "./inputs.js";
import { Output } from "./output.js";
import { type InputLine, readLineBatches } from "./read-lines.js";
import {
	type Built,
	type Format,
	Replayer,
	type ReplayFlags,
} from "./replayer.js";
import { buildSimulationContext } from "./simulation-context.js";
import { terminalText, writeErr } from "./terminal-out.js";

const help = `
	Usage
	  $ iptx replay --rules FILE --packets FILE [options]

	Replays packets, one per line in the kernel's log notation (IN=eth0 OUT= ...
	SRC=... DST=... PROTO=TCP SPT=... DPT=... SYN ...), optionally preceded by a
	dmesg timestamp or a syslog prefix, so a /var/log/messages excerpt works.
	An empty IN= is a locally generated packet. Conntrack carries over. A line
	may also be the short form of iptx trace ("tcp [fd00:2::3]:45000 >
	[fd00:2::15]:80 in eth0 syn", "icmp6 fd00:2::3 > fd00:2::15 type 128 in
	eth0"), at the time of the line before it unless it says "time S".

	Options
	  --rules FILE       iptables-save output (or a capture bundle folder)
	  --addr FILE        ip -j addr show (or ip addr text)
	  --route FILE       ip -j route show (or ip route / route -n text)
	  --rule FILE        ip -j rule show (or ip rule text): policy routing
	  --rules6 FILE      ip6tables-save output: the host's IPv6 tables
	  --route6 FILE      ip -j -6 route (or ip -6 route text): IPv6 routes
	  --nft FILE         nft -j list ruleset (or nft list ruleset text): nftables
	  --iptables-backend nft  the iptables rules were loaded with iptables-nft
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

const flagSpec = {
	rules: { type: "string" },
	...hostFileFlags,
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
	const unknown = unknownFlag(argv, flagSpec);
	if (unknown !== undefined) {
		writeErr(`${unknownFlagMessage("iptx replay", unknown)}\n`);
		return 2;
	}
	const cli = meow(help, {
		argv: [...argv],
		importMeta: import.meta,
		flags: flagSpec,
	});
	const flags = readFlags(cli.flags, cli.input);
	if (typeof flags === "string") return usage(flags);
	if (!cli.flags.rules && !cli.flags.bundle && !cli.flags.nft)
		return usage("--rules, --nft or --bundle is required");
	const loaded = await loadInputs({
		rules: cli.flags.rules,
		addr: cli.flags.addr,
		route: cli.flags.route,
		rule: cli.flags.rule,
		rules6: cli.flags.rules6,
		route6: cli.flags.route6,
		nft: cli.flags.nft,
		iptablesBackend: cli.flags.iptablesBackend,
		ipset: cli.flags.ipset,
		bundle: cli.flags.bundle,
	});
	if (!loaded.ok) {
		writeErr(`iptx replay: ${loaded.error}\n`);
		return loaded.exitCode;
	}
	const built = buildSimulationContext(loaded);
	const refused = reportBuilt(built, "iptx replay");
	if (refused !== undefined) return refused;
	// Only a regular file is read (twice) or standard input: never a FIFO or device.
	const checked =
		flags.packets === "-" ? undefined : openRegular(flags.packets);
	if (checked !== undefined && !checked.ok) {
		writeErr(`iptx replay: ${checked.error}\n`);
		return 2;
	}
	if (checked !== undefined) closeSync(checked.fd);
	try {
		const unreadable = await replayStream(built, flags);
		return unreadable > 0 ? 1 : 0;
	} catch (error) {
		// System errors (ENOENT, EACCES, EISDIR) are the input's; others are bugs.
		if ((error as NodeJS.ErrnoException).code === undefined) throw error;
		writeErr(
			`iptx replay: cannot read ${flags.packets}: ${(error as Error).message}\n`,
		);
		return 2;
	}
}

/** The checked flags, or what is wrong with them. */
function readFlags(
	flags: {
		readonly format: string;
		readonly unknown: string;
		readonly packets?: string | undefined;
		readonly start?: string | undefined;
		readonly hostname?: string | undefined;
		readonly seed: number;
		readonly uid: number;
		readonly gid: number;
	},
	input: readonly string[],
): ReplayFlags | string {
	if (!["jsonl", "text", "messages"].includes(flags.format))
		return `unknown --format ${flags.format}`;
	if (!["assume-no-match", "assume-match", "stop"].includes(flags.unknown))
		return `unknown --unknown ${flags.unknown}`;
	// meow hands a lone "-" to the positional input, not to --packets.
	const packets = flags.packets || (input.includes("-") ? "-" : "");
	if (!packets) return "--packets is required";
	const start =
		flags.start === undefined
			? Date.now() / 1000
			: Date.parse(flags.start) / 1000;
	if (Number.isNaN(start)) return `cannot read --start ${flags.start}`;
	return {
		format: flags.format as Format,
		packets,
		start,
		// Syslog stamps have no year: the year of --start (default: this year).
		year: new Date(start * 1000).getUTCFullYear(),
		hostname: flags.hostname,
		unknown: flags.unknown as UnknownMatchPolicy,
		seed: flags.seed,
		uid: flags.uid,
		gid: flags.gid,
	};
}

/**
 * Streams the packets through the engine. A file is read twice: once to
 * learn the bridges' ports, then to replay; standard input, which cannot be
 * read again, learns them from the first `lookaheadLines` lines.
 */
async function replayStream(built: Built, flags: ReplayFlags): Promise<number> {
	const learner = new BridgePortLearner();
	const ahead: InputLine[][] = [];
	if (flags.packets === "-") {
		const batches = readLineBatches(process.stdin);
		// Not `for await`: leaving that loop early would close the stream.
		for (let count = 0; count < lookaheadLines; ) {
			const next = await batches.next();
			if (next.done) break;
			ahead.push(next.value);
			for (const line of next.value) learner.learn(line);
			count += next.value.length;
		}
		return replayBatches(built, flags, learner.ports(), [ahead, batches]);
	}
	for await (const batch of readLineBatches(createReadStream(flags.packets)))
		for (const line of batch) learner.learn(line);
	const batches = readLineBatches(createReadStream(flags.packets));
	return replayBatches(built, flags, learner.ports(), [batches]);
}

/** Lines of standard input read ahead for the bridges' ports. */
const lookaheadLines = 10_000;

async function replayBatches(
	built: Built,
	flags: ReplayFlags,
	ports: readonly BridgePort[],
	sources: readonly (Iterable<InputLine[]> | AsyncIterable<InputLine[]>)[],
): Promise<number> {
	const replayer = new Replayer(built, flags, ports);
	const output = new Output(process.stdout);
	for (const source of sources) {
		for await (const batch of source) {
			const out: string[] = [];
			for (const line of batch) replayer.line(line, out);
			const text = terminalText(`${out.join("\n")}\n`);
			if (out.length > 0 && !(await output.write(text)))
				return replayer.unreadable;
		}
	}
	return replayer.unreadable;
}

function usage(message: string): number {
	writeErr(`iptx replay: ${message}\n${help}`);
	return 2;
}
