import {
	escapeTerminalText,
	formatDiagnostic,
	loadNft,
	type NftKernelFeature,
	type NftLoadResult,
	type NftRelease,
	newestNftRelease,
	nftKernelFeatures,
} from "../engine/index.js";
import { jsonText, writeErr, writeOut } from "./terminal-out.js";

export type NftCheckFlags = {
	readonly json: boolean;
	readonly nftRelease?: string | undefined;
	readonly kernelLacks?: string | undefined;
	readonly interfaces?: string | undefined;
};

const releases: readonly NftRelease[] = ["1.0.6", "1.1.3", "1.1.7"];

function listFlag(value: string | undefined): string[] | undefined {
	return value === undefined
		? undefined
		: value
				.split(",")
				.map((s) => s.trim())
				.filter((s) => s !== "");
}

/** The load options the flags ask for, or an error message. */
function optionsOf(flags: NftCheckFlags):
	| {
			release: NftRelease;
			kernelLacks: NftKernelFeature[];
			interfaces?: string[];
	  }
	| string {
	const release = (flags.nftRelease ?? newestNftRelease) as NftRelease;
	if (!releases.includes(release))
		return `--nft-release must be one of ${releases.join(", ")}`;
	const lacks = listFlag(flags.kernelLacks) ?? [];
	const unknown = lacks.find(
		(f) => !nftKernelFeatures.includes(f as NftKernelFeature),
	);
	if (unknown !== undefined)
		return `--kernel-lacks: unknown feature '${unknown}' (known: ${nftKernelFeatures.join(", ")})`;
	const interfaces = listFlag(flags.interfaces);
	return {
		release,
		kernelLacks: lacks as NftKernelFeature[],
		...(interfaces ? { interfaces } : {}),
	};
}

function summaryLine(
	file: string,
	release: NftRelease,
	result: NftLoadResult,
): string {
	const tables = result.ruleset.tables;
	const chains = tables.reduce((n, t) => n + t.chains.length, 0);
	const rules = tables.reduce(
		(n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0),
		0,
	);
	const sets = tables.reduce((n, t) => n + t.sets.length, 0);
	const fatal = result.diagnostics.filter((d) => d.fatal === true).length;
	const verdict = result.wouldLoad
		? `nft ${release} would load it`
		: `nft ${release} would refuse it (${fatal} fatal)`;
	return `${file}: ${tables.length} tables, ${chains} chains, ${rules} rules, ${sets} sets and maps; ${verdict}`;
}

/** Checks nft text or JSON; resolves to the exit status. */
export function checkNft(
	file: string,
	text: string,
	flags: NftCheckFlags,
): number {
	const options = optionsOf(flags);
	if (typeof options === "string") {
		writeErr(`iptx check: ${options}\n`);
		return 2;
	}
	const result = loadNft(text, { source: file, ...options });
	if (flags.json) {
		const tables = result.ruleset.tables.map((t) => `${t.family} ${t.name}`);
		writeOut(
			`${jsonText({ file, language: "nft", release: options.release, wouldLoad: result.wouldLoad, tables, diagnostics: result.diagnostics })}\n`,
		);
	} else {
		const lines = result.diagnostics.map(formatDiagnostic);
		lines.push(escapeTerminalText(summaryLine(file, options.release, result)));
		writeOut(`${lines.join("\n")}\n`);
	}
	return result.wouldLoad ? 0 : 1;
}
