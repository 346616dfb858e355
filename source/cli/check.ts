/**
 * `iptx check FILE|-`: parses an iptables-save file, adds the kernel's load
 * checks, prints every diagnostic and a one-line summary. Exit status 0 when
 * `iptables-restore` (or `ip6tables-restore`) would load the file into a
 * fresh network namespace, 1 when it would refuse it, 2 on usage/IO errors.
 */

import meow from "meow";
import {
	type CheckReport,
	type Family,
	formatDiagnostic,
	looksLikeNft,
	parseAndCheck,
	parseIpsetNames,
} from "../engine/index.js";
import { checkNft } from "./check-nft.js";
import { type DecodedText, decodeBytes, decodeText } from "./decode-text.js";
import { unknownFlag, unknownFlagMessage } from "./flags.js";
import { readInput, readInputFile } from "./input-file.js";
import { jsonText, writeErr, writeOut } from "./terminal-out.js";

const help = `
	Usage
	  $ iptx check FILE      (FILE is iptables-save or ip6tables-save output)
	  $ iptx check -         (read standard input)
	  $ iptx check --nft FILE  (an nft ruleset, text or JSON; detected without the flag)

	Options
	  --json        One JSON object: {file, family, wouldLoad, summary, diagnostics}
	  -4 / -6       Treat the file as IPv4 (iptables) or IPv6 (ip6tables); default: detect
	  --ipset FILE  \`ipset save\` output: the sets that exist when loading

	nft rulesets (verdict of \`nft -c -f\`)
	  --nft-release 1.0.6|1.1.3|1.1.7   the nft that judges (default 1.1.7)
	  --kernel-lacks LIST   kernel features missing: flowtable,bridge-reject,bridge-conntrack,queue
	  --interfaces LIST     interfaces that exist (iif/oif and netdev devices must)

	Exit status: 0 when iptables-restore (or nft) would load the file, 1 when not, 2 on errors.
`;

function list(names: readonly string[]): string {
	return names.length === 0 ? "none" : names.join(", ");
}

function summaryLine(
	file: string,
	family: Family,
	report: CheckReport,
): string {
	const { summary } = report;
	const fatal = report.diagnostics.filter((d) => d.fatal === true).length;
	const verdict = report.wouldLoad
		? `${family === "ipv4" ? "iptables" : "ip6tables"}-restore would load it`
		: `${family === "ipv4" ? "iptables" : "ip6tables"}-restore would refuse it (${fatal} fatal)`;
	return `${file}: ${summary.tables} tables, ${summary.chains} chains, ${summary.rules} rules; unknown matches: ${list(summary.unknownMatches)}; unknown targets: ${list(summary.unknownTargets)}; ${verdict}`;
}

function familyFlag(argv: readonly string[]): {
	rest: string[];
	family?: Family;
	error?: string;
} {
	const rest: string[] = [];
	let family: Family | undefined;
	for (const arg of argv) {
		if (arg === "-4" || arg === "-6") {
			const wanted: Family = arg === "-4" ? "ipv4" : "ipv6";
			if (family && family !== wanted)
				return { rest, error: "-4 and -6 exclude each other" };
			family = wanted;
		} else rest.push(arg);
	}
	return family ? { rest, family } : { rest };
}

const flags = {
	json: { type: "boolean", default: false },
	ipset: { type: "string" },
	nft: { type: "string" },
	nftRelease: { type: "string" },
	kernelLacks: { type: "string" },
	interfaces: { type: "string" },
} as const;

/** The file's text and the ipsets of `--ipset`, or the one-line reason they cannot be read. */
async function readFiles(
	file: string,
	ipsetFile: string | undefined,
): Promise<
	| { readonly input: DecodedText; readonly ipsets?: ReadonlySet<string> }
	| { readonly error: string }
> {
	const read = await readInput(file);
	if (!read.ok) return read;
	const input = decodeBytes(read.bytes);
	if (ipsetFile === undefined) return { input };
	const sets = readInputFile(ipsetFile);
	if (!sets.ok) return sets;
	return { input, ipsets: parseIpsetNames(decodeText(sets.bytes)) };
}

/** Runs `iptx check`; resolves to the exit status. */
export async function runCheck(argv: readonly string[]): Promise<number> {
	const split = familyFlag(argv);
	if (split.error) {
		writeErr(`iptx check: ${split.error}\n`);
		return 2;
	}
	const unknown = unknownFlag(split.rest, flags);
	if (unknown !== undefined) {
		writeErr(`${unknownFlagMessage("iptx check", unknown)}\n`);
		return 2;
	}
	const cli = meow(help, { argv: split.rest, importMeta: import.meta, flags });
	const file = cli.flags.nft ?? cli.input[0];
	if (file === undefined || cli.input.length > (cli.flags.nft ? 0 : 1)) {
		writeErr(
			`iptx check: give exactly one FILE (or - for standard input)\n${help}`,
		);
		return 2;
	}
	const files = await readFiles(file, cli.flags.ipset);
	if ("error" in files) {
		writeErr(`iptx check: ${files.error}\n`);
		return 2;
	}
	const { input, ipsets } = files;
	if (cli.flags.nft !== undefined || looksLikeNft(input.text))
		return checkNft(file, input.text, cli.flags);
	// The load checks read each line as it is checked: no rule is built.
	const { result, report } = parseAndCheck(
		input.text,
		{
			source: file,
			...(input.ascii ? { ascii: input.ascii } : {}),
			...(split.family ? { family: split.family } : {}),
		},
		ipsets ? { ipsets, source: file } : { source: file },
	);
	const family = result.ruleset.family;
	if (cli.flags.json) {
		writeOut(
			`${jsonText({ file, family, wouldLoad: report.wouldLoad, summary: report.summary, diagnostics: report.diagnostics })}\n`,
		);
	} else {
		const lines = report.diagnostics.map(formatDiagnostic);
		lines.push(summaryLine(file, family, report));
		writeOut(`${lines.join("\n")}\n`);
	}
	return report.wouldLoad ? 0 : 1;
}
