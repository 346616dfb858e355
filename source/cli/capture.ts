/**
 * `iptx capture [--live] -o DIR`: writes a bundle of the running host (or of
 * given files) that `iptx DIR` opens on any machine, the same as live mode.
 */
import os from "node:os";
import meow from "meow";
import { bundleContents, bundleFormat } from "../live/bundle.js";
import { captureLive } from "../live/capture-live.js";
import { systemPathVariable } from "../live/commands.js";
import { createRunner, parseSystemPath } from "../live/runner.js";
import { writeBundle } from "../live/write-bundle.js";
import { unknownFlag, unknownFlagMessage } from "./flags.js";
import { type LoadedInputs, loadInputs } from "./inputs.js";
import { writeErr, writeOut } from "./terminal-out.js";

const help = `
	Usage
	  $ iptx capture [--live] -o DIR
	  $ iptx capture --rules FILE [--addr FILE] [--route FILE] [--ipset FILE]
	                 [--rules6 FILE] [--route6 FILE] [--nft FILE] -o DIR

	Reads the running host, strictly read-only (needs root), and writes a
	bundle folder: iptables.rules, ip6tables.rules, nft.json (nft -j list
	ruleset), ip-addr.json, ip-route.json, ip6route.json, ipset.save,
	sysctl.json, conntrack.txt and bundle.json. Open it with: iptx DIR

	Options
	  --live, -l       Read the running host (the default without --rules)
	  --output, -o     Bundle folder to write (required)
	  --rules          Build the bundle from an iptables-save file instead
	  --addr, --route, --ipset, --nft   Files to add to a --rules bundle
	  --rules6, --route6         IPv6 tables and routes to add to it
	  --no-conntrack   Do not read the conntrack table
`;

type Output = {
	readonly out: (text: string) => void;
	readonly err: (text: string) => void;
};

const stdio: Output = {
	out: (text) => writeOut(`${text}\n`),
	err: (text) => writeErr(`${text}\n`),
};

function countRules(text: string): number {
	return text.split("\n").filter((line) => line.startsWith("-A ")).length;
}

/** The bundle name of an IPv6 route listing, by its format. */
function route6Name(text: string): string {
	if (text.trimStart().startsWith("[")) return "ip6route.json";
	return text.includes("Kernel IPv6 routing table")
		? "route-n6.txt"
		: "ip6route.txt";
}

function filesFromInputs(
	loaded: LoadedInputs & { readonly ok: true },
): Record<string, string> {
	const routeName = (text: string): string =>
		text.trimStart().startsWith("[")
			? "ip-route.json"
			: text.includes("Kernel IP routing table")
				? "route-n.txt"
				: "ip-route.txt";
	const meta = {
		format: bundleFormat,
		hostname: os.hostname(),
		time: new Date().toISOString(),
		commands: [],
		notes: [`Built from ${loaded.rulesSource}, not read live.`],
	};
	return {
		"iptables.rules": loaded.rulesText,
		...(loaded.addrText === undefined
			? {}
			: {
					[loaded.addrText.trimStart().startsWith("[")
						? "ip-addr.json"
						: "ip-addr.txt"]: loaded.addrText,
				}),
		...(loaded.routeText === undefined
			? {}
			: { [routeName(loaded.routeText)]: loaded.routeText }),
		...(loaded.ipsetText === undefined
			? {}
			: { "ipset.save": loaded.ipsetText }),
		...(loaded.rules6Text === undefined
			? {}
			: { "ip6tables.rules": loaded.rules6Text }),
		...(loaded.route6Text === undefined
			? {}
			: { [route6Name(loaded.route6Text)]: loaded.route6Text }),
		...(loaded.nftText === undefined
			? {}
			: {
					[loaded.nftText.trimStart().startsWith("{")
						? "nft.json"
						: "ruleset.nft"]: loaded.nftText,
				}),
		"bundle.json": `${JSON.stringify(meta, undefined, 2)}\n`,
	};
}

async function captureFiles(
	flags: {
		readonly rules: string;
		readonly addr?: string | undefined;
		readonly route?: string | undefined;
		readonly ipset?: string | undefined;
		readonly rules6?: string | undefined;
		readonly route6?: string | undefined;
		readonly nft?: string | undefined;
	},
	output: string,
	io: Output,
): Promise<number> {
	const loaded = await loadInputs(flags);
	if (!loaded.ok) {
		io.err(`iptx capture: ${loaded.error}`);
		return loaded.exitCode;
	}
	return write(
		output,
		filesFromInputs(loaded),
		io,
		countRules(loaded.rulesText),
	);
}

function write(
	output: string,
	files: Record<string, string>,
	io: Output,
	rules: number,
): number {
	const written = writeBundle(output, files);
	if (!written.ok) {
		io.err(`iptx capture: ${written.error}`);
		return 2;
	}
	io.out(`Wrote ${output}: ${written.files.join(", ")} (${rules} rules).`);
	io.out(`Open it with: iptx ${output}`);
	return 0;
}

async function captureRunningHost(
	output: string,
	conntrack: boolean,
	io: Output,
	env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
	const runner = createRunner({
		directories: parseSystemPath(env[systemPathVariable]),
	});
	const result = await captureLive({
		runner,
		conntrack,
		rerun: `iptx capture --live -o ${output}`,
	});
	const commands = result.ok ? result.capture.commands : result.commands;
	if (!result.ok) {
		io.err(`iptx capture: ${result.error}`);
		io.err(
			["Commands run (all read-only):", ...commands.map((c) => `  ${c}`)].join(
				"\n",
			),
		);
		io.err("Nothing was written.");
		return result.needsRoot ? 4 : 3;
	}
	const { capture } = result;
	io.out(
		["Commands run (all read-only):", ...commands.map((c) => `  ${c}`)].join(
			"\n",
		),
	);
	io.out(
		`Backend: ${capture.backend} (${capture.iptablesVersion || "version unknown"}), read with ${capture.rulesCommand}`,
	);
	if (capture.rules6Command !== undefined)
		io.out(
			`IPv6: read with ${capture.rules6Command} (${countRules(capture.rules6Text ?? "")} rules)`,
		);
	for (const note of capture.notes) {
		io.out(`note: ${note}`);
	}
	return write(
		output,
		bundleContents(capture),
		io,
		countRules(capture.rulesText),
	);
}

const flagDeclarations = {
	live: { type: "boolean", shortFlag: "l", default: false },
	output: { type: "string", shortFlag: "o" },
	rules: { type: "string" },
	addr: { type: "string" },
	route: { type: "string" },
	ipset: { type: "string" },
	rules6: { type: "string" },
	route6: { type: "string" },
	nft: { type: "string" },
	conntrack: { type: "boolean", default: true },
} as const;

/** Runs `iptx capture`; `argv` excludes the word `capture`. Exit codes as `LoadedInputs`. */
export async function runCapture(
	argv: readonly string[],
	io: Output = stdio,
	/** For tests only (see `InputOptions.env`); the command line passes none. */
	env: Readonly<Record<string, string | undefined>> = {},
): Promise<number> {
	const unknown = unknownFlag(argv, flagDeclarations);
	if (unknown !== undefined) {
		io.err(unknownFlagMessage("iptx capture", unknown));
		return 2;
	}
	const cli = meow(help, {
		importMeta: import.meta,
		argv,
		flags: flagDeclarations,
	});
	const { flags } = cli;
	if (flags.output === undefined || flags.output === "") {
		io.err("iptx capture: say where to write the bundle with -o DIR.");
		return 2;
	}
	if (flags.rules !== undefined) {
		if (flags.live) {
			io.err("iptx capture: give either --live or --rules, not both.");
			return 2;
		}
		return captureFiles(
			{
				rules: flags.rules,
				addr: flags.addr,
				route: flags.route,
				ipset: flags.ipset,
				rules6: flags.rules6,
				route6: flags.route6,
				nft: flags.nft,
			},
			flags.output,
			io,
		);
	}
	return captureRunningHost(flags.output, flags.conntrack, io, env);
}
