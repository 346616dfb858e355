/**
 * The one input loader behind every command and the explorer: a rules file,
 * standard input, a capture bundle, the running host (`--live`) or a sample
 * shipped with iptx. Returns text and settings; parsing is the engine's job.
 */

import { rpFilterNote } from "../engine/host/sysctl.js";
import { readBundle } from "../live/bundle.js";
import { type DecodedText, decodeBytes } from "./decode-text.js";
import { readInputFile, readInputStdin } from "./input-file.js";
import {
	fromBundle,
	isDirectory,
	loadLive,
	loadSample,
} from "./input-sources.js";
import {
	type Failed,
	type InputOptions,
	inputError,
	type Loaded,
	type LoadedInputs,
} from "./loaded-inputs.js";
import { iptablesNftOf, nftRulesMoved } from "./nft-input.js";

export { settingsFromSysctl } from "../engine/host/sysctl.js";
export { samplesDirectory } from "./input-sources.js";
export type { InputOptions, LoadedInputs } from "./loaded-inputs.js";

function readText(file: string): DecodedText | Failed {
	const read = readInputFile(file);
	return read.ok ? decodeBytes(read.bytes) : inputError(read.error);
}

async function loadRules(options: InputOptions): Promise<Loaded | Failed> {
	const sources = [
		options.live ? "--live" : undefined,
		options.bundle === undefined ? undefined : "--bundle",
		options.rules === undefined ? undefined : "a rules file",
	].filter((source) => source !== undefined);
	if (sources.length > 1) {
		return inputError(`Give only one of ${sources.join(", ")}.`);
	}
	if (options.live) {
		return loadLive(options);
	}
	const dir =
		options.bundle ??
		(options.rules !== undefined && isDirectory(options.rules)
			? options.rules
			: undefined);
	if (dir !== undefined) {
		const read = readBundle(dir);
		return read.ok ? fromBundle(read.bundle, "bundle") : inputError(read.error);
	}
	if (options.rules === "-") {
		const read = options.stdin ? undefined : await readInputStdin();
		if (read && !read.ok) return inputError(read.error);
		const text = read ? decodeBytes(read.bytes).text : await options.stdin?.();
		return {
			ok: true,
			rulesText: text ?? "",
			rulesSource: "-",
			presets: [],
			origin: "stdin",
			commands: [],
			notes: [],
		};
	}
	if (options.rules !== undefined) {
		const read = readText(options.rules);
		return "text" in read
			? {
					ok: true,
					rulesText: read.text,
					...(read.ascii ? { rulesAscii: read.ascii } : {}),
					rulesSource: options.rules,
					presets: [],
					origin: "file",
					commands: [],
					notes: [],
				}
			: read;
	}
	if (options.sample !== undefined) {
		return loadSample(options.sample);
	}
	if (options.nft !== undefined)
		return {
			ok: true,
			rulesText: "",
			rulesSource: "(no iptables rules)",
			presets: [],
			origin: "file",
			commands: [],
			notes: [],
		};
	return inputError(
		"No ruleset given: pass a rules file, a bundle folder, - for standard input, or --live.",
	);
}

/**
 * Loads the ruleset and host state for any command. `addr`, `route`, `rule`
 * and `ipset` files override what a bundle, sample or live read provided.
 */
export async function loadInputs(options: InputOptions): Promise<LoadedInputs> {
	const base = await loadRules(options);
	if (!base.ok) {
		return base;
	}
	const overrides: Record<string, string> = {};
	const sources: Record<string, string> = { ...base.hostSources };
	const files = [
		["addrText", options.addr],
		["routeText", options.route],
		["ruleText", options.rule],
		["ipsetText", options.ipset],
		["rules6Text", options.rules6],
		["route6Text", options.route6],
		["nftText", options.nft],
	] as const;
	for (const [key, file] of files) {
		if (file !== undefined) {
			const read = readText(file);
			if (!("text" in read)) {
				return read;
			}
			overrides[key] = read.text;
			sources[key.replace("Text", "")] = file;
			if (key === "nftText") overrides["nftSource"] = file;
		}
	}
	const sysctlNote = base.sysctl ? rpFilterNote(base.sysctl) : undefined;
	return nftRulesMoved({
		...base,
		...overrides,
		...(iptablesNftOf(options.iptablesBackend, base.backend)
			? { iptablesNft: true }
			: {}),
		hostSources: sources,
		notes: sysctlNote ? [...base.notes, sysctlNote] : base.notes,
	});
}
