/**
 * Live mode: reads the running host's ruleset and network state, strictly
 * read-only, through the allow-listed runner. Either everything required is
 * read, or the result is a failure that says why: never half a ruleset.
 */
import os from "node:os";
import type { ReadOnlyCommandId } from "./commands.js";
import {
	failed,
	isPermissionFailure,
	type LiveFailure,
	missingFailure,
	readFailure,
} from "./failure.js";
import { type Ipv6Read, readIpv6 } from "./ipv6-read.js";
import { readNft } from "./nft-read.js";
import { type Backend, readRuleset } from "./ruleset-read.js";
import type { Runner } from "./runner.js";
import { readSysctls, type SysctlRoots } from "./sysctl.js";

export type LiveCapture = {
	readonly rulesText: string;
	/** The command whose output is `rulesText`, for display. */
	readonly rulesCommand: string;
	readonly backend: Backend;
	readonly iptablesVersion: string;
	/** `ip -j addr show` output. */
	readonly addrJson: string;
	/** `ip -j route show table all` output. */
	readonly routeJson: string;
	/** `ip -j rule show` output, when it could be read. */
	readonly ruleJson?: string;
	/** `ip6tables-save` output (same backend), when it could be read. */
	readonly rules6Text?: string;
	/** The command whose output is `rules6Text`. */
	readonly rules6Command?: string;
	/** `ip -j -6 route show` output, when it could be read. */
	readonly route6Json?: string;
	/** `ipset save` output, when sets exist. */
	readonly ipsetText?: string;
	/** `nft -j list ruleset` output, when nft is installed and readable. */
	readonly nftJson?: string;
	/** Why the nft ruleset was not read, when it was not. */
	readonly nftMissing?: string;
	/** `conntrack -L` output, when asked for, installed and readable. */
	readonly conntrackText?: string;
	/** Dotted sysctl names to their values (see `readSysctls`). */
	readonly sysctl: Readonly<Record<string, string>>;
	readonly hostname: string;
	/** `uname -r`. */
	readonly kernel: string;
	/** ISO 8601 time the capture started. */
	readonly time: string;
	/** Every command that ran, absolute path first, in order. */
	readonly commands: readonly string[];
	/** Things the user should know: both backends in use, skipped reads. */
	readonly notes: readonly string[];
};

export type LiveCaptureResult =
	| { readonly ok: true; readonly capture: LiveCapture }
	| (LiveFailure & { readonly commands: readonly string[] });

export type LiveCaptureOptions = {
	readonly runner: Runner;
	/** Also read the conntrack table. @default true */
	readonly conntrack?: boolean;
	/** The iptx command line to suggest under sudo. @default "iptx --live" */
	readonly rerun?: string;
	readonly sysctlRoots?: SysctlRoots;
	/** Capture time. @default new Date() */
	readonly now?: Date;
};

const setUsePattern = /(^|\s)(--match-set|-j SET)(\s|$)/m;

type Read<T> = { readonly ok: true; readonly value: T } | LiveFailure;

async function readJson(
	runner: Runner,
	id: ReadOnlyCommandId,
	rerun: string,
): Promise<Read<string>> {
	const result = await runner.run(id);
	if (result.kind === "missing") {
		return missingFailure("ip", runner.directories, "iproute2");
	}
	if (failed(result)) {
		return readFailure(result, rerun, runner.timeoutMs);
	}
	try {
		if (!Array.isArray(JSON.parse(result.stdout))) {
			throw new TypeError("not a list");
		}
	} catch {
		return {
			ok: false,
			needsRoot: false,
			error: `\`${result.display}\` did not print a JSON list: is this iproute2 too old for -j?`,
		};
	}
	return { ok: true, value: result.stdout };
}

async function readIpsets(
	runner: Runner,
	rerun: string,
	rulesText: string,
	notes: string[],
): Promise<Read<string | undefined>> {
	const usesSets = setUsePattern.test(rulesText);
	const names = await runner.run("ipset-list-names");
	if (names.kind === "missing") {
		if (usesSets) {
			notes.push(
				"The ruleset matches ipsets but ipset is not installed here: set contents are unknown.",
			);
		}
		return { ok: true, value: undefined };
	}
	if (failed(names)) {
		if (usesSets || isPermissionFailure(names)) {
			return readFailure(names, rerun, runner.timeoutMs);
		}
		notes.push(`Could not list ipsets (\`${names.display}\`).`);
		return { ok: true, value: undefined };
	}
	if (names.stdout.trim() === "") {
		return { ok: true, value: undefined };
	}
	const save = await runner.run("ipset-save");
	if (save.kind === "missing" || failed(save)) {
		return save.kind === "missing"
			? missingFailure("ipset", runner.directories, "ipset")
			: readFailure(save, rerun, runner.timeoutMs);
	}
	return { ok: true, value: save.stdout };
}

/** `ip -j rule show`; without it the host keeps the kernel's default rules. */
async function readRules(
	runner: Runner,
	notes: string[],
): Promise<string | undefined> {
	const result = await runner.run("ip-rule");
	if (result.kind !== "missing" && !failed(result)) {
		try {
			if (Array.isArray(JSON.parse(result.stdout))) return result.stdout;
		} catch {}
	}
	notes.push(
		"Could not read the policy routing rules (`ip -j rule show`): the default rules (local, main, default) are assumed.",
	);
	return undefined;
}

async function readConntrack(
	runner: Runner,
	notes: string[],
): Promise<string | undefined> {
	const result = await runner.run("conntrack-list");
	if (result.kind === "missing") {
		notes.push("conntrack is not installed: existing connections not loaded.");
		return undefined;
	}
	if (failed(result)) {
		notes.push(
			`Could not read the conntrack table (\`${result.display}\`): existing connections not loaded.`,
		);
		return undefined;
	}
	return result.stdout;
}

/** The IPv6 read's texts as capture fields (absent ones left out). */
function ipv6Fields(read: Ipv6Read): Partial<LiveCapture> {
	return {
		...(read.rules6Text === undefined ? {} : { rules6Text: read.rules6Text }),
		...(read.rules6Command === undefined
			? {}
			: { rules6Command: read.rules6Command }),
		...(read.route6Json === undefined ? {} : { route6Json: read.route6Json }),
	};
}

/** Reads everything live mode needs. Runs only allow-listed commands. */
export async function captureLive(
	options: LiveCaptureOptions,
): Promise<LiveCaptureResult> {
	const { runner } = options;
	const rerun = options.rerun ?? "iptx --live";
	const time = (options.now ?? new Date()).toISOString();
	const fail = (failure: LiveFailure): LiveCaptureResult => ({
		...failure,
		commands: runner.ran(),
	});
	const rules = await readRuleset(runner, rerun);
	if (!rules.ok) {
		return fail(rules);
	}
	const notes = [...rules.notes];
	const nft = await readNft(runner, rerun);
	if (!nft.ok) {
		return fail(nft);
	}
	notes.push(...nft.notes);
	const ipset = await readIpsets(runner, rerun, rules.rulesText, notes);
	if (!ipset.ok) {
		return fail(ipset);
	}
	const addr = await readJson(runner, "ip-addr", rerun);
	if (!addr.ok) {
		return fail(addr);
	}
	const route = await readJson(runner, "ip-route", rerun);
	if (!route.ok) {
		return fail(route);
	}
	const ipv6 = await readIpv6(runner, rules.backend, rerun);
	if (!ipv6.ok) {
		return fail(ipv6);
	}
	notes.push(...ipv6.notes);
	const ruleJson = await readRules(runner, notes);
	const conntrackText =
		options.conntrack === false
			? undefined
			: await readConntrack(runner, notes);
	const capture: LiveCapture = {
		rulesText: rules.rulesText,
		rulesCommand: rules.command,
		backend: rules.backend,
		iptablesVersion: rules.iptablesVersion,
		addrJson: addr.value,
		routeJson: route.value,
		...(ruleJson === undefined ? {} : { ruleJson }),
		...ipv6Fields(ipv6),
		...(ipset.value === undefined ? {} : { ipsetText: ipset.value }),
		...(nft.nftJson === undefined ? {} : { nftJson: nft.nftJson }),
		...(nft.nftMissing === undefined ? {} : { nftMissing: nft.nftMissing }),
		...(conntrackText === undefined ? {} : { conntrackText }),
		sysctl: readSysctls(options.sysctlRoots),
		hostname: os.hostname(),
		kernel: os.release(),
		time,
		commands: runner.ran(),
		notes,
	};
	return { ok: true, capture };
}
