/**
 * The one input loader behind every command and the explorer: a rules file,
 * standard input, a capture bundle, the running host (`--live`) or a sample
 * shipped with iptx. Returns text and settings; parsing is the engine's job.
 */

import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rpFilterNote } from "../engine/host/sysctl.js";
import { type Bundle, readBundle } from "../live/bundle.js";
import { captureLive } from "../live/capture-live.js";
import { systemPathVariable } from "../live/commands.js";
import type { Backend } from "../live/ruleset-read.js";
import { createRunner, parseSystemPath } from "../live/runner.js";
import { type DecodedText, decodeBytes } from "./decode-text.js";
import { readInputFile, readInputStdin } from "./input-file.js";

export { settingsFromSysctl } from "../engine/host/sysctl.js";

export type InputOptions = {
	/** A rules file, `-` for standard input, or a bundle folder. */
	readonly rules?: string | undefined;
	/** `ip -j addr show` / `ip addr` output; overrides the bundle's. */
	readonly addr?: string | undefined;
	/** `ip -j route show` / `ip route` / `route -n` output; overrides the bundle's. */
	readonly route?: string | undefined;
	/** `ip -j rule show` / `ip rule` output; overrides the bundle's. */
	readonly rule?: string | undefined;
	/** `ip6tables-save` output: the host's IPv6 tables. */
	readonly rules6?: string | undefined;
	/** `ip -j -6 route` / `ip -6 route` output. */
	readonly route6?: string | undefined;
	/** `nft -j list ruleset` or `nft list ruleset` output: the host's nftables. */
	readonly nft?: string | undefined;
	/** `nft` when the iptables rules were loaded with iptables-nft. @default legacy */
	readonly iptablesBackend?: string | undefined;
	readonly bundle?: string | undefined;
	/** `ipset save` output; overrides the bundle's. */
	readonly ipset?: string | undefined;
	/** Read the running host (read-only). */
	readonly live?: boolean | undefined;
	/** A folder name under the package's `samples/`. */
	readonly sample?: string | undefined;
	/** Reads all of standard input. @default reads process.stdin */
	readonly stdin?: (() => Promise<string>) | undefined;
	/** Live mode: also read `conntrack -L`. @default true */
	readonly conntrack?: boolean | undefined;
	/** Live mode: the iptx command line to suggest under sudo. @default "iptx --live" */
	readonly liveCommand?: string | undefined;
	/**
	 * For tests only: an environment whose `IPTX_SYSTEM_PATH` replaces the
	 * system folders read-only commands are run from. The command line never
	 * passes one, so the variable set in a shell has no effect.
	 * @default {} (the system folders)
	 */
	readonly env?: Readonly<Record<string, string | undefined>> | undefined;
};

export type LoadedInputs =
	| {
			readonly ok: true;
			readonly rulesText: string;
			/** The rules file's bytes when they are pure ASCII (the parser scans them). */
			readonly rulesAscii?: Uint8Array;
			/** For diagnostics: the file name, `-`, or what produced the text. */
			readonly rulesSource: string;
			readonly addrText?: string;
			readonly routeText?: string;
			/** `ip6tables-save` text, when the host's IPv6 tables are given. */
			readonly rules6Text?: string;
			/** IPv6 routes (`ip -j -6 route` or `ip -6 route`). */
			readonly route6Text?: string;
			/** The host's nftables ruleset (JSON or text). */
			readonly nftText?: string;
			/** The iptables rules are iptables-nft's (nf_tables tables). */
			readonly iptablesNft?: boolean;
			/** Policy routing rules (`ip rule show`, text or JSON). */
			readonly ruleText?: string;
			readonly ipsetText?: string;
			/** The files the host texts came from, for diagnostics. */
			readonly hostSources?: {
				readonly addr?: string;
				readonly route?: string;
				readonly rule?: string;
			};
			readonly conntrackText?: string;
			readonly sysctl?: Readonly<Record<string, string>>;
			readonly hostName?: string;
			readonly backend?: Backend;
			readonly description?: string;
			/** ISO 8601 time the state was captured (LOG lines are dated from it). */
			readonly capturedAt?: string;
			/** Preset packets from the bundle or sample. */
			readonly presets: readonly string[];
			readonly origin: "file" | "stdin" | "bundle" | "live" | "sample";
			/** Commands that ran (live) or that produced the bundle. */
			readonly commands: readonly string[];
			readonly notes: readonly string[];
	  }
	| {
			readonly ok: false;
			readonly error: string;
			/** 2: bad arguments or unreadable input; 3: live read failed; 4: live needs root. */
			readonly exitCode: number;
	  };

type Loaded = LoadedInputs & { readonly ok: true };
type Failed = LoadedInputs & { readonly ok: false };

/**
 * The folder holding the samples shipped with iptx: `samples/` in the
 * package root, found upwards from this module (which is in source/cli,
 * dist/cli or a bundle chunk in dist/chunks).
 */
export function samplesDirectory(): string {
	for (const up of ["../", "../../", "../../../"]) {
		const folder = fileURLToPath(new URL(`${up}samples/`, import.meta.url));
		if (existsSync(path.join(folder, "docker-seed"))) return folder;
	}
	return fileURLToPath(new URL("../../samples/", import.meta.url));
}

function inputError(error: string): Failed {
	return { ok: false, error, exitCode: 2 };
}

function readText(file: string): DecodedText | Failed {
	const read = readInputFile(file);
	return read.ok ? decodeBytes(read.bytes) : inputError(read.error);
}

function isDirectory(file: string): boolean {
	try {
		return statSync(file).isDirectory();
	} catch {
		return false;
	}
}

function fromBundle(bundle: Bundle, origin: "bundle" | "sample"): Loaded {
	const { meta } = bundle;
	return {
		ok: true,
		rulesText: bundle.rulesText,
		rulesSource: bundle.rulesFile,
		...(bundle.addrText === undefined ? {} : { addrText: bundle.addrText }),
		...(bundle.routeText === undefined ? {} : { routeText: bundle.routeText }),
		...(bundle.ruleText === undefined ? {} : { ruleText: bundle.ruleText }),
		...(bundle.ipsetText === undefined ? {} : { ipsetText: bundle.ipsetText }),
		hostSources: {
			...(bundle.addrFile === undefined ? {} : { addr: bundle.addrFile }),
			...(bundle.routeFile === undefined ? {} : { route: bundle.routeFile }),
			...(bundle.ruleFile === undefined ? {} : { rule: bundle.ruleFile }),
		},
		...(bundle.conntrackText === undefined
			? {}
			: { conntrackText: bundle.conntrackText }),
		...(bundle.sysctl === undefined ? {} : { sysctl: bundle.sysctl }),
		...(meta.hostname === undefined ? {} : { hostName: meta.hostname }),
		...(meta.backend === undefined ? {} : { backend: meta.backend }),
		...(meta.description === undefined
			? {}
			: { description: meta.description }),
		...(meta.time === undefined ? {} : { capturedAt: meta.time }),
		presets: meta.packets ?? [],
		origin,
		commands: meta.commands ?? [],
		notes: meta.notes ?? [],
	};
}

function loadSample(name: string): Loaded | Failed {
	const dir = path.join(samplesDirectory(), name);
	if (name.includes("/") || name.startsWith(".") || !isDirectory(dir)) {
		return inputError(`No sample named "${name}" in ${samplesDirectory()}.`);
	}
	const read = readBundle(dir);
	return read.ok ? fromBundle(read.bundle, "sample") : inputError(read.error);
}

async function loadLive(options: InputOptions): Promise<Loaded | Failed> {
	const env = options.env ?? {};
	const runner = createRunner({
		directories: parseSystemPath(env[systemPathVariable]),
	});
	const result = await captureLive({
		runner,
		conntrack: options.conntrack ?? true,
		rerun: options.liveCommand ?? "iptx --live",
	});
	if (!result.ok) {
		const ran = result.commands.map((command) => `  ran: ${command}`);
		return {
			ok: false,
			error: [
				result.error,
				...(ran.length > 0 ? ["Commands run:", ...ran] : []),
			].join("\n"),
			exitCode: result.needsRoot ? 4 : 3,
		};
	}
	const { capture } = result;
	return {
		ok: true,
		rulesText: capture.rulesText,
		rulesSource: capture.rulesCommand,
		addrText: capture.addrJson,
		routeText: capture.routeJson,
		...(capture.ruleJson === undefined ? {} : { ruleText: capture.ruleJson }),
		...(capture.ipsetText === undefined
			? {}
			: { ipsetText: capture.ipsetText }),
		...(capture.conntrackText === undefined
			? {}
			: { conntrackText: capture.conntrackText }),
		sysctl: capture.sysctl,
		hostName: capture.hostname,
		backend: capture.backend,
		capturedAt: capture.time,
		presets: [],
		origin: "live",
		commands: capture.commands,
		notes: capture.notes,
	};
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
		}
	}
	const sysctlNote = base.sysctl ? rpFilterNote(base.sysctl) : undefined;
	return {
		...base,
		...overrides,
		...(options.iptablesBackend === "nft" ? { iptablesNft: true } : {}),
		hostSources: sources,
		notes: sysctlNote ? [...base.notes, sysctlNote] : base.notes,
	};
}
