/**
 * The nftables half of a host's firewall as the commands read it: `--nft
 * FILE` (`nft -j list ruleset` or `nft list ruleset` text, told apart by
 * their look), a bundle's `nft.json`, or a RULES file that is itself an nft
 * ruleset (then the host has no iptables rules beside it).
 */
import {
	type Diagnostic,
	loadNft,
	looksLikeNft,
	type NftRuleset,
} from "../engine/index.js";

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

/** The nft ruleset read into the model, with what `nft -f` would say of it. */
export function readNftInput(loaded: {
	readonly nftText?: string;
	readonly nftSource?: string;
}): {
	readonly ruleset?: NftRuleset;
	readonly diagnostics: readonly Diagnostic[];
} {
	if (loaded.nftText === undefined) return { diagnostics: [] };
	const read = loadNft(loaded.nftText, { source: loaded.nftSource ?? "nft" });
	return { ruleset: read.ruleset, diagnostics: read.diagnostics };
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
