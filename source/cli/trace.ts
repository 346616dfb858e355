/**
 * `iptx trace RULES PACKET...`: one-off questions. Each packet (kernel log
 * notation or the short form `tcp 10.0.2.3:45000 > 10.0.2.15:1002 in eth0
 * syn`) is traced in turn, conntrack carried from one to the next.
 */
import process from "node:process";
import meow from "meow";
import {
	eventText,
	formatDiagnostic,
	formatTraceText,
	parsePacketSpec,
	replyTo,
	simulate,
	type UnknownMatchPolicy,
} from "../engine/index.js";
import { loadInputs } from "./inputs.js";
import { buildSimulationContext } from "./simulation-context.js";

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
	  --ipset FILE       ipset save output
	  --bundle DIR       a capture bundle instead of RULES
	  --sample NAME      a sample host shipped with iptx (e.g. docker-seed)
	  --reply            also trace the reply to each packet
	  --verbose          show every rule evaluated and why it did not match
	  --json             one JSON object per packet
	  --unknown POLICY   assume-no-match (default), assume-match or stop
`;

export async function runTrace(argv: readonly string[]): Promise<number> {
	const cli = meow(help, {
		argv: [...argv],
		importMeta: import.meta,
		flags: {
			addr: { type: "string" },
			route: { type: "string" },
			rule: { type: "string" },
			rules6: { type: "string" },
			route6: { type: "string" },
			ipset: { type: "string" },
			bundle: { type: "string" },
			sample: { type: "string" },
			reply: { type: "boolean", default: false },
			verbose: { type: "boolean", default: false },
			json: { type: "boolean", default: false },
			unknown: { type: "string", default: "assume-no-match" },
		},
	});
	const { flags } = cli;
	const fromFlags = flags.bundle !== undefined || flags.sample !== undefined;
	const rules = fromFlags ? undefined : cli.input[0];
	const packets = fromFlags ? cli.input : cli.input.slice(1);
	if (!fromFlags && rules === undefined)
		return usage("give RULES (a file, - or a bundle) or --bundle/--sample");
	const loaded = await loadInputs({
		rules,
		addr: flags.addr,
		route: flags.route,
		rule: flags.rule,
		rules6: flags.rules6,
		route6: flags.route6,
		ipset: flags.ipset,
		bundle: flags.bundle,
		sample: flags.sample,
	});
	if (!loaded.ok) {
		process.stderr.write(`iptx trace: ${loaded.error}\n`);
		return loaded.exitCode;
	}
	const specs = packets.length > 0 ? packets : loaded.presets;
	if (specs.length === 0) return usage("give at least one PACKET");
	const built = buildSimulationContext(loaded);
	for (const diagnostic of built.diagnostics) {
		if (diagnostic.severity === "error")
			process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
	}
	let state = built.initialState(0);
	let failed = false;
	const options = { unknownMatch: flags.unknown as UnknownMatchPolicy };
	for (const [index, spec] of specs.entries()) {
		const parsed = parsePacketSpec(spec, { defaultTime: index });
		if (!parsed.ok) {
			process.stderr.write(
				`iptx trace: packet ${index + 1}: ${parsed.error}\n  ${spec}\n  ${" ".repeat(Math.max(0, parsed.column - 1))}^\n`,
			);
			failed = true;
			continue;
		}
		const first = simulate(built.context, parsed.input, state, options);
		state = first.state;
		const traces = [first.trace];
		const reply = flags.reply ? replyTo(first.trace) : undefined;
		if (reply) {
			const second = simulate(built.context, reply, state, options);
			state = second.state;
			traces.push(second.trace);
		}
		for (const trace of traces) {
			if (flags.json) {
				process.stdout.write(
					`${JSON.stringify({ packet: spec, trace: trace.events.map(eventText), log: trace.logs, fate: trace.fate, steps: trace.steps.length })}\n`,
				);
			} else {
				process.stdout.write(
					`${formatTraceText(trace, built.ruleset, { verbose: flags.verbose })}\n`,
				);
			}
		}
	}
	return failed ? 1 : 0;
}

function usage(message: string): number {
	process.stderr.write(`iptx trace: ${message}\n${help}`);
	return 2;
}
