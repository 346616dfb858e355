/**
 * The host's nftables ruleset for simulating commands: read (JSON or text,
 * told apart by its look), prepared to run beside the iptables tables, with
 * the tables it reads but does not simulate said as warnings. Only reading
 * errors are reported here: what `nft -f` would refuse is `iptx check`'s.
 */
import {
	type Diagnostic,
	loadNft,
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
): { readonly host?: NftHost; readonly diagnostics: readonly Diagnostic[] } {
	if (loaded.nftText === undefined) return { diagnostics: [] };
	const read = loadNft(loaded.nftText, { source: "nft" });
	const host = prepareNft(read.ruleset, {
		iptablesNft: loaded.iptablesNft ?? false,
		ruleset,
		...(ruleset6 ? { ruleset6 } : {}),
	});
	const diagnostics: Diagnostic[] = read.diagnostics.filter(
		(d) => d.severity === "error" && readingCodes.has(d.code),
	);
	for (const note of host.notSimulated)
		diagnostics.push({
			severity: "warning",
			code: "nft-not-simulated",
			message: note,
			source: "nft",
			line: 1,
			column: 1,
			length: 1,
		});
	return { host, diagnostics };
}
