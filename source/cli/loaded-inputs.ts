/**
 * What the input loader is asked for and what it gives back: the texts of
 * the ruleset(s) and host files, the settings, the presets, and where they
 * came from. Parsing them is the engine's job.
 */
import type { Backend } from "../live/ruleset-read.js";

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
	/** `nft -j list ruleset` (or its text form): the host's nftables tables. */
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
			/** The host's nft ruleset (`nft -j list ruleset` or its text form) and where it came from. */
			readonly nftText?: string;
			readonly nftSource?: string;
			/** The iptables rules are iptables-nft's (nf_tables tables). */
			readonly iptablesNft?: boolean;
			/** Live: why the nft ruleset could not be read (nft not installed...). */
			readonly nftMissing?: string;
			/** Policy routing rules (`ip rule show`, text or JSON). */
			readonly ruleText?: string;
			readonly ipsetText?: string;
			/** The files the host texts came from, for diagnostics. */
			readonly hostSources?: {
				readonly addr?: string;
				readonly route?: string;
				readonly rule?: string;
				readonly rules6?: string;
				readonly route6?: string;
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

/** Loaded inputs, when they loaded. */
export type Loaded = LoadedInputs & { readonly ok: true };
/** Why inputs did not load. */
export type Failed = LoadedInputs & { readonly ok: false };

/** A refusal of the command line's inputs (exit 2). */
export function inputError(error: string): Failed {
	return { ok: false, error, exitCode: 2 };
}
