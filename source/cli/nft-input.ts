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
