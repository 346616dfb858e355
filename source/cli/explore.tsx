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
import {
	escapeTerminalText,
	formatTraceText,
	type PacketMeta,
	rulesetFor,
} from "../engine/index.js";
import { App } from "../ui/app.js";
import { engineAdapter } from "../ui/engine-adapter.js";
import type { EngineToken, Session } from "../ui/engine-port.js";
import { detectTheme } from "../ui/lib/glyphs.js";
import { explorerRenderOptions } from "../ui/render-options.js";
import { buildSession, withCompanions } from "./explore-session.js";
import { unknownFlag, unknownFlagMessage } from "./flags.js";
import { loadInputs } from "./inputs.js";
import { LineScreen } from "./line-screen.js";
import type { BuiltContext } from "./simulation-context.js";
import { writeErr, writeOut } from "./terminal-out.js";

/** The sample opened when no ruleset is given. */
export const defaultSample = "docker-seed";

export const exploreHelp = `
  Usage
    $ iptx [RULES] [--addr FILE] [--route FILE] [--rules6 FILE] [--route6 FILE]
    $ iptx --sample NAME
    $ iptx --live
    $ iptx check|trace|replay|capture ...

  RULES is an iptables-save file, - for standard input, or a bundle folder.
  Host files beside a rules file (ip-addr.*, ip-route.*, route-n.txt, ip-rule.*,
  ipset.txt, ip6tables.rules, ip6route.*) are read with it; without any, the host is assumed from what the
  rules name, and the explorer says so (press i).
  With no argument the docker-seed sample opens (a Docker host with a packet ready).

  Options
    --addr FILE      ip -j addr / ip addr output (interfaces and addresses)
    --route FILE     ip -j route / ip route / route -n output
    --rule FILE      ip -j rule / ip rule output (policy routing)
    --ipset FILE     ipset save output (the sets -m set matches)
    --rules6 FILE    ip6tables-save output: the host's IPv6 tables
    --route6 FILE    ip -j -6 route / ip -6 route / route -n -A inet6 output
    --nft FILE       nft -j list ruleset (or nft list ruleset): the nftables tables
                     beside the iptables ones (a RULES file that is nft is read as this)
    --sample NAME    open a shipped sample: docker-seed, docker-modern, host-firewall, kube-proxy,
                     docker29-nft
    --live           read this host's ruleset and interfaces (read-only)
    --help           show this help
    --version        show the version

  Keys in the explorer (press ? for all)
    n, space  one step          b  one step back     enter  run to the final fate
    r  restart this packet      R  send the reply    p  packet builder
    tab  next pane              /  search rules      c  conntrack table
    t  tables, chains and sets  s  the set a rule names
    ?  help                     q  quit

  When standard output is not a terminal, iptx prints the text trace of the
  preset packets instead of starting the explorer.
`;

const flagDeclarations = {
	addr: { type: "string" },
	route: { type: "string" },
	rule: { type: "string" },
	ipset: { type: "string" },
	rules6: { type: "string" },
	route6: { type: "string" },
	nft: { type: "string" },
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
	const loading = loadingNote(rules);
	const inputs = await loadInputs({
		rules,
		addr: cli.flags.addr,
		route: cli.flags.route,
		rule: cli.flags.rule,
		ipset: cli.flags.ipset,
		rules6: cli.flags.rules6,
		route6: cli.flags.route6,
		nft: cli.flags.nft,
		live: cli.flags.live,
		sample: cli.flags.sample ?? (useSample ? defaultSample : undefined),
	});
	if (!inputs.ok) {
		loading.done();
		writeErr(`iptx: ${inputs.error}\n`);
		return inputs.exitCode;
	}
	loading.step("parsing the rules and the host");
	let built: BuiltContext | undefined;
	const session = buildSession(
		withCompanions(inputs, rules, cli.flags),
		cli.flags.sample ?? (useSample ? defaultSample : undefined),
		(made) => {
			built = made;
		},
	);
	loading.done();
	// Refused before the explorer starts: no packet may walk a loop.
	if (built?.refusal !== undefined) {
		writeErr(`iptx: ${built.refusal}\n`);
		return 2;
	}
	if (!process.stdout.isTTY) {
		writeOut(textTraces(session, built?.unknownDevice));
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

/**
 * A large ruleset takes seconds to read and parse: on a terminal, say what is
 * happening (on stderr, one line rewritten) instead of a blank screen.
 */
function loadingNote(rules: string | undefined) {
	const shown = process.stderr.isTTY === true && process.stdout.isTTY === true;
	const say = (text: string) => {
		if (shown) process.stderr.write(`\r\u001B[Kiptx: ${text} ...`);
	};
	say(
		`reading ${rules === undefined ? "the sample" : escapeTerminalText(rules)}`,
	);
	return {
		step: say,
		done: () => {
			if (shown) process.stderr.write("\r\u001B[K");
		},
	};
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
			`# ${spec}\n${formatTraceText(result.trace, rulesetFor(session.context, result.trace.packetIn))}\n`,
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
	const screen = new LineScreen(process.stdout);
	// Keys typed before Ink listens would be echoed by the terminal into the
	// first frame, a row the line diff then never rewrites: no echo from here
	// on; the keys wait in the terminal and Ink reads them when it starts.
	if (stdin.isTTY) stdin.setRawMode(true);
	// Alternate screen, cursor hidden; both restored on the way out.
	process.stdout.write("\u001B[?1049h\u001B[?25l\u001B[H");
	try {
		const instance = render(
			<App engine={engineAdapter} session={session} theme={theme} />,
			{
				...explorerRenderOptions,
				stdin,
				stdout: screen as unknown as NodeJS.WriteStream,
			},
		);
		await instance.waitUntilExit();
	} finally {
		screen.dispose();
		if (stdin.isTTY) stdin.setRawMode(false);
		process.stdout.write("\u001B[?25h\u001B[?1049l");
		if (rulesFromStdin) {
			stdin.destroy();
		}
	}
	return 0;
}
