/**
 * `iptx trace RULES PACKET...`: one-off questions. Each packet (kernel log
 * notation or the short form `tcp 10.0.2.3:45000 > 10.0.2.15:1002 in eth0
 * syn`) is traced in turn, conntrack carried from one to the next.
 */
import { existsSync } from "node:fs";
import meow from "meow";
import {
	type EngineState,
	eventText,
	formatTraceText,
	parsePacketSpec,
	replyTo,
	rulesetFor,
	simulate,
	type UnknownMatchPolicy,
} from "../engine/index.js";
import { reportBuilt } from "./built-report.js";
import { hostFileFlags, unknownFlag, unknownFlagMessage } from "./flags.js";
import { loadInputs } from "./inputs.js";
import { nftAbsence } from "./nft-input.js";
import {
	type BuiltContext,
	buildSimulationContext,
} from "./simulation-context.js";
import { jsonText, writeErr, writeOut } from "./terminal-out.js";

const help = `
	Usage
	  $ iptx trace RULES [options] PACKET...

	RULES is an iptables-save file, - for standard input, or a capture bundle.
	PACKET is kernel log notation (IN=eth0 OUT= SRC=... DST=... PROTO=TCP ...)
	or the short form, quoted as one argument:
	  "tcp 10.0.2.3:45000 > 10.0.2.15:1002 in eth0 syn"
	  "udp 172.17.0.2:33272 > 10.0.2.3:53 in docker0"
	  "icmp 10.0.2.3 > 10.0.2.15 type 8 in eth0"
	  "tcp 10.0.2.15:50000 > 10.0.2.3:80 local uid 1000"

	Options
	  --addr FILE        ip -j addr show (or ip addr text)
	  --route FILE       ip -j route show (or ip route / route -n text)
	  --rule FILE        ip -j rule show (or ip rule text): policy routing
	  --rules6 FILE      ip6tables-save output: the host's IPv6 tables
	  --route6 FILE      ip -j -6 route (or ip -6 route text): IPv6 routes
	  --nft FILE         nft -j list ruleset (or nft list ruleset text): nftables
	  --iptables-backend nft  the iptables rules were loaded with iptables-nft
	  --ipset FILE       ipset save output
	  --bundle DIR       a capture bundle instead of RULES
	  --sample NAME      a sample host shipped with iptx (e.g. docker-seed)
	  --reply            also trace the reply to each packet
	  --verbose          show every rule evaluated and why it did not match
	  --json             one JSON object per packet
	  --unknown POLICY   assume-no-match (default), assume-match or stop
`;

const flagDeclarations = {
	...hostFileFlags,
	sample: { type: "string" },
	reply: { type: "boolean", default: false },
	verbose: { type: "boolean", default: false },
	json: { type: "boolean", default: false },
	unknown: { type: "string", default: "assume-no-match" },
} as const;

const policies = ["assume-no-match", "assume-match", "stop"];

export async function runTrace(argv: readonly string[]): Promise<number> {
	const unknown = unknownFlag(argv, flagDeclarations);
	if (unknown !== undefined) {
		writeErr(`${unknownFlagMessage("iptx trace", unknown)}\n`);
		return 2;
	}
	const cli = meow(help, {
		argv: [...argv],
		importMeta: import.meta,
		flags: flagDeclarations,
	});
	const { flags } = cli;
	// With --nft alone the host may have no iptables rules: every argument that
	// is not a file is a packet.
	const nftOnly =
		flags.nft !== undefined &&
		(cli.input[0] === undefined || !existsSync(cli.input[0]));
	const fromFlags =
		flags.bundle !== undefined || flags.sample !== undefined || nftOnly;
	const rules = fromFlags ? undefined : cli.input[0];
	const packets = packetArguments(fromFlags ? cli.input : cli.input.slice(1));
	if (!packets.ok) return usage(packets.error);
	if (!policies.includes(flags.unknown))
		return usage(`unknown --unknown ${flags.unknown}`);
	if (!fromFlags && rules === undefined)
		return usage(
			"give RULES (a file, - or a bundle), --nft FILE or --bundle/--sample",
		);
	const loaded = await loadInputs({
		rules,
		addr: flags.addr,
		route: flags.route,
		rule: flags.rule,
		rules6: flags.rules6,
		route6: flags.route6,
		nft: flags.nft,
		iptablesBackend: flags.iptablesBackend,
		ipset: flags.ipset,
		bundle: flags.bundle,
		sample: flags.sample,
	});
	if (!loaded.ok) {
		writeErr(`iptx trace: ${loaded.error}\n`);
		return loaded.exitCode;
	}
	const specs = packets.specs.length > 0 ? packets.specs : loaded.presets;
	if (specs.length === 0) return usage("give at least one PACKET");
	const built = buildSimulationContext(loaded);
	const refused = reportBuilt(built, "iptx trace");
	if (refused !== undefined) return refused;
	const absent = nftAbsence(loaded);
	if (absent !== undefined) writeErr(`iptx trace: NFT NOT GIVEN: ${absent}\n`);
	let state = built.initialState(0);
	let failed = false;
	for (const [index, spec] of specs.entries()) {
		const traced = traceOne(built, spec, index, state, flags);
		if (traced === undefined) failed = true;
		else state = traced;
	}
	return failed ? 1 : 0;
}

type TraceFlags = {
	readonly unknown: string;
	readonly reply: boolean;
	readonly json: boolean;
	readonly verbose: boolean;
};

/** Traces one packet (and its reply); the state after, or undefined when it cannot run. */
function traceOne(
	built: BuiltContext,
	spec: string,
	index: number,
	before: EngineState,
	flags: TraceFlags,
): EngineState | undefined {
	const parsed = parsePacketSpec(spec, { defaultTime: index });
	if (!parsed.ok) {
		writeErr(
			`iptx trace: packet ${index + 1}: ${parsed.error}\n  ${spec}\n  ${" ".repeat(Math.max(0, parsed.column - 1))}^\n`,
		);
		return undefined;
	}
	const unknownDevice = built.unknownDevice(parsed.input.meta);
	if (unknownDevice !== undefined) {
		writeErr(`iptx trace: packet ${index + 1}: ${unknownDevice}\n`);
		return undefined;
	}
	const options = { unknownMatch: flags.unknown as UnknownMatchPolicy };
	const first = simulate(built.context, parsed.input, before, options);
	let state = first.state;
	const traces = [first.trace];
	const reply = flags.reply ? replyTo(first.trace) : undefined;
	if (reply) {
		const second = simulate(built.context, reply, state, options);
		state = second.state;
		traces.push(second.trace);
	}
	for (const trace of traces)
		writeOut(
			flags.json
				? `${jsonText({ packet: spec, trace: trace.events.map(eventText), log: trace.logs, fate: trace.fate, steps: trace.steps.length })}\n`
				: `${formatTraceText(trace, rulesetFor(built.context, trace.packetIn), { verbose: flags.verbose })}\n`,
		);
	return state;
}

function usage(message: string): number {
	writeErr(`iptx trace: ${message}\n${help}`);
	return 2;
}

/**
 * The packets given on the command line. Each should be one quoted
 * argument; written unquoted, its words arrive one per argument (and the
 * shell takes `>` as a redirection): the words are read as one packet when
 * together they are one, else refused with one line saying to quote.
 */
export function packetArguments(
	args: readonly string[],
):
	| { readonly ok: true; readonly specs: readonly string[] }
	| { readonly ok: false; readonly error: string } {
	const quoted = args.every((arg) => /\s/.test(arg.trim()));
	if (args.length <= 1 || quoted) return { ok: true, specs: args };
	const joined = args.join(" ");
	if (parsePacketSpec(joined).ok) return { ok: true, specs: [joined] };
	return {
		ok: false,
		error: `give each PACKET as one quoted argument, e.g. "tcp 10.0.2.3:45000 > 10.0.2.15:22 in eth0 syn" (unquoted, its words arrive apart and the shell takes > as a redirection); got: ${joined}`,
	};
}
