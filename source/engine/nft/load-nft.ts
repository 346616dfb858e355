/**
 * Reads an nft ruleset, text or JSON, into the model and gives the verdict
 * of `nft -c -f`: syntax first (nft stops there), then each command of the
 * batch in order (evaluation and the kernel's per-command checks), then the
 * kernel's commit checks over each table (loops, hooks).
 */
import type { Diagnostic } from "../diagnostics.js";
import {
	createSink,
	report,
	reportDiagnostic,
} from "../parse/diagnostic-sink.js";
import { BatchLoader } from "./apply-commands.js";
import { readKeptRules } from "./apply-later.js";
import type { NftCommand } from "./commands.js";
import { checkCommit } from "./commit-checks.js";
import { gatedDiagnostics } from "./gated-syntax.js";
import { type NftLoadOptions, newestNftRelease } from "./load-options.js";
import { freezeRuleset } from "./load-state.js";
import type { NftRuleset } from "./model.js";
import { readNftJson } from "./read-json.js";
import { readNftText } from "./read-text.js";

export type NftLoadResult = {
	readonly ruleset: NftRuleset;
	readonly commands: readonly NftCommand[];
	/** Syntax errors, then what evaluation and the kernel refuse, in batch order. */
	readonly diagnostics: readonly Diagnostic[];
	/** True when no diagnostic is fatal: `nft -f` would load the file. */
	readonly wouldLoad: boolean;
};

/** Applies commands read from either form; `syntax` are the reader's diagnostics. */
export function loadNftCommands(
	commands: readonly NftCommand[],
	syntax: readonly Diagnostic[],
	options: NftLoadOptions = {},
): NftLoadResult {
	const sink = createSink(options.source ?? "-");
	for (const d of syntax) sink.list.push(d);
	const loader = new BatchLoader(
		options,
		(problem) => report(sink, problem),
		(d) => reportDiagnostic(sink, d),
	);
	for (const command of commands) loader.apply(command);
	const ruleset = freezeRuleset(loader.tables, (table, chain) =>
		readKeptRules(loader, table, chain),
	);
	if (options.commitChecks !== false)
		checkCommit(ruleset, loader.batchTime, (problem) => report(sink, problem));
	const diagnostics = sink.list;
	return {
		ruleset,
		commands,
		diagnostics,
		wouldLoad: !sink.omittedFatal && diagnostics.every((d) => d.fatal !== true),
	};
}

/** Reads nft text (`nft list ruleset`, `/etc/nftables.conf`, `nft -f` scripts). Never throws. */
export function loadNftText(
	text: string,
	options: NftLoadOptions = {},
): NftLoadResult {
	const reading = readNftText(text, options.source ?? "-", {
		later: options.readRulesLater === true,
	});
	const syntax = [
		...reading.diagnostics,
		...gatedDiagnostics(
			reading.gated,
			options.source ?? "-",
			options.release ?? newestNftRelease,
		),
	];
	return loadNftCommands(reading.commands, syntax, options);
}

/** Reads nft JSON (`nft -j list ruleset` or a `nft -j -f` batch). Never throws. */
export function loadNftJson(
	text: string,
	options: NftLoadOptions = {},
): NftLoadResult {
	const reading = readNftJson(text, options.source ?? "-", {
		later: options.readRulesLater === true,
	});
	return loadNftCommands(reading.commands, reading.diagnostics, options);
}

/** True when the text is nft's JSON form rather than its text syntax. */
export function looksLikeNftJson(text: string): boolean {
	return /^\s*\{\s*"nftables"/.test(text);
}

/** Reads either form, told apart by its first characters. */
export function loadNft(
	text: string,
	options: NftLoadOptions = {},
): NftLoadResult {
	return looksLikeNftJson(text)
		? loadNftJson(text, options)
		: loadNftText(text, options);
}
