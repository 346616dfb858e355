/**
 * `iptx [RULES]`: the explorer. Loads the ruleset and host (the embedded
 * docker-seed sample when nothing is given), then opens the Ink UI in the
 * alternate screen, or prints the text trace of the preset packets when
 * standard output is not a terminal.
 */
import { openSync } from "node:fs";
import process from "node:process";
import { ReadStream } from "node:tty";
import { render } from "ink";
import meow from "meow";
import { formatTraceText, type PacketMeta } from "../engine/index.js";
import { App } from "../ui/app.js";
import { engineAdapter } from "../ui/engine-adapter.js";
import type { EngineToken, Session } from "../ui/engine-port.js";
import { detectTheme } from "../ui/lib/glyphs.js";
import { unknownFlag, unknownFlagMessage } from "./flags.js";
import { loadInputs } from "./inputs.js";
import {
	type BuiltContext,
	buildSimulationContext,
} from "./simulation-context.js";
import {
	enterAlternateScreen,
	leaveAlternateScreen,
	writeErr,
	writeOut,
} from "./terminal-out.js";

/** The sample opened when no ruleset is given. */
export const defaultSample = "docker-seed";

export const exploreHelp = `
  Usage
    $ iptx [RULES] [--addr FILE] [--route FILE]
    $ iptx --sample NAME
    $ iptx --live
    $ iptx check|trace|replay|capture ...

  RULES is an iptables-save file, - for standard input, or a bundle folder.
  With no argument the docker-seed sample opens (a Docker host with a packet ready).

  Options
    --addr FILE      ip -j addr / ip addr output (interfaces and addresses)
    --route FILE     ip -j route / ip route / route -n output
    --rule FILE      ip -j rule / ip rule output (policy routing)
    --sample NAME    open a shipped sample: docker-seed, docker-modern, host-firewall, kube-proxy
    --live           read this host's ruleset and interfaces (read-only)
    --help           show this help
    --version        show the version

  Keys in the explorer (press ? for all)
    n, space  one step          b  one step back     enter  run to the final fate
    r  restart this packet      R  send the reply    p  packet builder
    tab  next pane              /  search rules      c  conntrack table
    ?  help                     q  quit

  When standard output is not a terminal, iptx prints the text trace of the
  preset packets instead of starting the explorer.
`;

const flagDeclarations = {
	addr: { type: "string" },
	route: { type: "string" },
	rule: { type: "string" },
	sample: { type: "string" },
	live: { type: "boolean", default: false },
	help: { type: "boolean", default: false },
	version: { type: "boolean", default: false },
} as const;

export async function runExplore(argv: readonly string[]): Promise<number> {
	const unknown = unknownFlag(argv, flagDeclarations);
	if (unknown !== undefined) {
		writeErr(`${unknownFlagMessage("iptx", unknown)}\n`);
		return 2;
	}
	const cli = meow(exploreHelp, {
		argv: [...argv],
		importMeta: import.meta,
		autoHelp: false,
		autoVersion: false,
		flags: flagDeclarations,
	});
	const answered = answerWithoutRules(cli);
	if (answered !== undefined) return answered;
	const rules = cli.input[0];
	const useSample = rules === undefined && !cli.flags.live;
	const inputs = await loadInputs({
		rules,
		addr: cli.flags.addr,
		route: cli.flags.route,
		rule: cli.flags.rule,
		live: cli.flags.live,
		sample: cli.flags.sample ?? (useSample ? defaultSample : undefined),
	});
	if (!inputs.ok) {
		writeErr(`iptx: ${inputs.error}\n`);
		return inputs.exitCode;
	}
	const built = buildSimulationContext(inputs);
	// Refused before the explorer starts: no packet may walk a loop.
	if (built.refusal !== undefined) {
		writeErr(`iptx: ${built.refusal}\n`);
		return 2;
	}
	const session = buildSession(
		inputs,
		built,
		cli.flags.sample ?? (useSample ? defaultSample : undefined),
	);
	if (!process.stdout.isTTY) {
		writeOut(textTraces(session, built.unknownDevice));
		return 0;
	}
	return runUi(session, rules === "-");
}

/** --help, --version and too many arguments: answered before anything is read. */
function answerWithoutRules(cli: {
	readonly flags: { readonly help: boolean; readonly version: boolean };
	readonly pkg: { readonly version?: string };
	readonly input: readonly string[];
}): number | undefined {
	if (cli.flags.help) {
		writeOut(`${exploreHelp.trim()}\n`);
		return 0;
	}
	if (cli.flags.version) {
		writeOut(`${cli.pkg.version ?? "unknown"}\n`);
		return 0;
	}
	if (cli.input.length <= 1) return undefined;
	writeErr(
		`iptx: give at most one RULES file or bundle (got ${cli.input.length} arguments; iptx --help shows the usage)\n`,
	);
	return 2;
}

type Loaded = Extract<Awaited<ReturnType<typeof loadInputs>>, { ok: true }>;

function buildSession(
	inputs: Loaded,
	built: BuiltContext,
	sample: string | undefined,
): Session {
	const errors = built.diagnostics.filter((d) => d.severity === "error").length;
	return {
		context: built.context,
		hostName: built.hostName,
		presets: inputs.presets,
		origin: sample ? `sample ${sample}` : inputs.rulesSource,
		clock: Math.floor(clockOf(inputs.capturedAt) / 1000),
		initialState: built.initialState(0),
		notes: [
			...inputs.notes,
			...(inputs.origin === "live"
				? [`read with: ${inputs.commands.join(", ")}`]
				: []),
			...(built.connections > 0
				? [`${built.connections} connections from conntrack -L loaded`]
				: []),
			...(errors > 0
				? [
						`${errors} parse errors in ${inputs.rulesSource} (iptx check shows them)`,
					]
				: []),
		],
	};
}

/** LOG lines are dated from when the state was captured, else from now. */
function clockOf(capturedAt: string | undefined): number {
	const captured =
		capturedAt === undefined ? Number.NaN : Date.parse(capturedAt);
	return Number.isNaN(captured) ? Date.now() : captured;
}

/** The text trace of each preset packet, one after the other (conntrack carries over). */
export function textTraces(
	session: Session,
	unknownDevice: (meta: PacketMeta) => string | undefined = () => undefined,
): string {
	let state: EngineToken = session.initialState ?? engineAdapter.createState();
	const out: string[] = [];
	for (const spec of session.presets.length > 0 ? session.presets : []) {
		const parsed = engineAdapter.parsePacketSpec(spec);
		if (!parsed.ok) {
			out.push(`# ${spec}\n  cannot read the packet: ${parsed.error}\n`);
			continue;
		}
		const unknown = unknownDevice(parsed.input.meta);
		if (unknown !== undefined) {
			out.push(`# ${spec}\n  cannot trace the packet: ${unknown}\n`);
			continue;
		}
		const result = engineAdapter.simulate(session.context, parsed.input, state);
		state = result.state;
		out.push(
			`# ${spec}\n${formatTraceText(result.trace, session.context.ruleset)}\n`,
		);
	}
	if (out.length === 0) {
		out.push(
			"iptx: no preset packet to trace; use `iptx trace RULES PACKET`.\n",
		);
	}
	return out.join("\n");
}

async function runUi(
	session: Session,
	rulesFromStdin: boolean,
): Promise<number> {
	const stdin = rulesFromStdin
		? new ReadStream(openSync("/dev/tty", "r"))
		: process.stdin;
	const theme = detectTheme(process.env);
	enterAlternateScreen();
	try {
		const instance = render(
			<App engine={engineAdapter} session={session} theme={theme} />,
			{
				stdin,
				exitOnCtrlC: false,
			},
		);
		await instance.waitUntilExit();
	} finally {
		leaveAlternateScreen();
		if (rulesFromStdin) {
			stdin.destroy();
		}
	}
	return 0;
}
