/**
 * The host's nftables ruleset for every command: `--nft FILE` (`nft -j list
 * ruleset` or `nft list ruleset` text, told apart by their look), a
 * bundle's `nft.json`, or a RULES file that is itself an nft ruleset (then
 * the host has no iptables rules beside it). Read, prepared to run beside
 * the iptables tables, with the tables it reads but does not simulate said
 * as warnings. Only reading errors are reported here: what `nft -f` would
 * refuse is `iptx check`'s. The explorer reads chain bodies and set
 * elements when first needed (`rulesLater`): their reading errors come
 * from `later` once read.
 */
import {
	type Diagnostic,
	loadNft,
	looksLikeNft,
	type NftHost,
	prepareNft,
	type Ruleset,
} from "../engine/index.js";
import type { LoadedInputs } from "./inputs.js";

/** What the readers report: the file could not be read as nft. */
const readingCodes: ReadonlySet<string> = new Set(["syntax-error", "json"]);

export function readHostNft(
	loaded: LoadedInputs & { readonly ok: true },
	ruleset: Ruleset,
	ruleset6: Ruleset | undefined,
	rulesLater = false,
): {
	readonly host?: NftHost;
	readonly diagnostics: readonly Diagnostic[];
	/** Reading errors of bodies read since (chain bodies read when first needed). */
	readonly later: () => readonly Diagnostic[];
} {
	if (loaded.nftText === undefined) return { diagnostics: [], later: () => [] };
	// Only reading errors are kept: the commit-time checks are check's.
	const read = loadNft(loaded.nftText, {
		source: loaded.nftSource ?? "nft",
		commitChecks: false,
		readRulesLater: rulesLater,
	});
	const host = prepareNft(read.ruleset, {
		iptablesNft: loaded.iptablesNft ?? false,
		ruleset,
		...(ruleset6 ? { ruleset6 } : {}),
	});
	const reading = (d: Diagnostic) =>
		d.severity === "error" && readingCodes.has(d.code);
	const diagnostics: Diagnostic[] = read.diagnostics.filter(reading);
	// The load's list grows as bodies kept for later are read.
	const readAtLoad = read.diagnostics.length;
	const later = () => read.diagnostics.slice(readAtLoad).filter(reading);
	for (const note of host.notSimulated)
		diagnostics.push({
			severity: "warning",
			code: "nft-not-simulated",
			message: note,
			source: loaded.nftSource ?? "nft",
			line: 1,
			column: 1,
			length: 1,
		});
	return { host, diagnostics, later };
}

/**
 * Whether the iptables rules are iptables-nft's (nf_tables tables the nft
 * ruleset also lists): `--iptables-backend nft`, or a live read or bundle
 * whose iptables used the nf_tables backend.
 */
export function iptablesNftOf(
	flag: string | undefined,
	backend: string | undefined,
): boolean {
	return flag === undefined ? backend === "nf_tables" : flag === "nft";
}

type WithRules = {
	readonly rulesText: string;
	readonly rulesSource: string;
	readonly nftText?: string;
	readonly nftSource?: string;
};

/** A RULES file that reads as nft is the nft ruleset, unless one was given with --nft. */
export function nftRulesMoved<T extends WithRules>(loaded: T): T {
	if (loaded.nftText !== undefined || !looksLikeNft(loaded.rulesText)) {
		return loaded;
	}
	return {
		...loaded,
		rulesText: "",
		nftText: loaded.rulesText,
		nftSource: loaded.rulesSource,
	};
}

/**
 * Why the firewall shown may be only part of the host's, or undefined: an
 * nft ruleset was not given, yet iptables-save says the host has tables it
 * cannot print (iptables-nft's `# Table `filter' is incompatible, use 'nft'
 * tool.`), or a live read found no `nft` to ask.
 */
export function nftAbsence(loaded: {
	readonly rulesText: string;
	readonly nftText?: string;
	readonly nftMissing?: string;
}): string | undefined {
	if (loaded.nftText !== undefined) return undefined;
	if (loaded.nftMissing !== undefined) return loaded.nftMissing;
	if (/incompatible, use 'nft' tool/.test(loaded.rulesText)) {
		return "iptables-save says this host has nftables tables it cannot show (incompatible, use 'nft' tool): they are not simulated; give them with --nft FILE (nft -j list ruleset)";
	}
	return undefined;
}
