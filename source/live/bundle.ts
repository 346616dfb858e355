/**
 * Capture bundles: a folder holding what live mode reads, so a host can be
 * explored on another machine exactly as it would be live.
 */
import { existsSync, lstatSync } from "node:fs";
import path from "node:path";
import { decodeText } from "../cli/decode-text.js";
import { readInputFile } from "../cli/input-file.js";
import { escapeTerminalText } from "../engine/index.js";
import type { LiveCapture } from "./capture-live.js";
import type { Backend } from "./ruleset-read.js";

export const bundleFormat = "iptx-bundle/1";

export type BundleMeta = {
	readonly format: string;
	readonly hostname?: string;
	/** ISO 8601. */
	readonly time?: string;
	readonly kernel?: string;
	readonly iptablesVersion?: string;
	readonly backend?: Backend;
	/** The commands that produced the bundle. */
	readonly commands?: readonly string[];
	readonly notes?: readonly string[];
	readonly description?: string;
	/** Preset packets, in `iptx trace` short form or LOG-line notation. */
	readonly packets?: readonly string[];
};

export type Bundle = {
	readonly dir: string;
	readonly rulesText: string;
	/** The file `rulesText` came from. */
	readonly rulesFile: string;
	readonly addrText?: string;
	readonly addrFile?: string;
	readonly routeText?: string;
	readonly routeFile?: string;
	/** `ip rule show` output (JSON or text). */
	readonly ruleText?: string;
	readonly ruleFile?: string;
	readonly ipsetText?: string;
	/** `ip6tables-save` output: the host's IPv6 tables. */
	readonly rules6Text?: string;
	readonly rules6File?: string;
	/** `ip -j -6 route` (or `ip -6 route`, `route -n -A inet6`) output. */
	readonly route6Text?: string;
	readonly route6File?: string;
	/** `nft -j list ruleset` (or nft text) and its file. */
	readonly nftText?: string;
	readonly nftFile?: string;
	readonly sysctl?: Readonly<Record<string, string>>;
	readonly conntrackText?: string;
	readonly meta: BundleMeta;
};

export type BundleReadResult =
	| { readonly ok: true; readonly bundle: Bundle }
	| { readonly ok: false; readonly error: string };

/** Accepted names, first found wins; the first is what `writeBundle` writes. */
export const bundleFiles = {
	rules: ["iptables.rules", "rules.v4", "iptables-save.txt"],
	addr: ["ip-addr.json", "ip-addr.txt"],
	route: ["ip-route.json", "ip-route.txt", "route-n.txt"],
	rule: ["ip-rule.json", "ip-rule.txt"],
	ipset: ["ipset.save"],
	rules6: ["ip6tables.rules", "rules.v6", "ip6tables-save.txt"],
	route6: ["ip6route.json", "ip6route.txt", "route-n6.txt"],
	nft: ["nft.json", "ruleset.nft"],
	sysctl: ["sysctl.json"],
	conntrack: ["conntrack.txt"],
	meta: ["bundle.json"],
} as const;

/** The file names of a capture that `writeBundle` writes, with their content. */
export function bundleContents(capture: LiveCapture): Record<string, string> {
	const meta: BundleMeta = {
		format: bundleFormat,
		hostname: capture.hostname,
		time: capture.time,
		kernel: capture.kernel,
		iptablesVersion: capture.iptablesVersion,
		backend: capture.backend,
		commands: capture.commands,
		...(capture.notes.length > 0 ? { notes: capture.notes } : {}),
	};
	return {
		"iptables.rules": capture.rulesText,
		"ip-addr.json": capture.addrJson,
		"ip-route.json": capture.routeJson,
		...(capture.ruleJson === undefined
			? {}
			: { "ip-rule.json": capture.ruleJson }),
		...(capture.ipsetText === undefined
			? {}
			: { "ipset.save": capture.ipsetText }),
		...(capture.rules6Text === undefined
			? {}
			: { "ip6tables.rules": capture.rules6Text }),
		...(capture.route6Json === undefined
			? {}
			: { "ip6route.json": capture.route6Json }),
		...(capture.nftJson === undefined ? {} : { "nft.json": capture.nftJson }),
		"sysctl.json": `${JSON.stringify(capture.sysctl, undefined, 2)}\n`,
		...(capture.conntrackText === undefined
			? {}
			: { "conntrack.txt": capture.conntrackText }),
		"bundle.json": `${JSON.stringify(meta, undefined, 2)}\n`,
	};
}

type FirstFile =
	| { readonly file: string; readonly text: string }
	| { readonly error: string }
	| undefined;

/**
 * The first of `names` present in `dir`, read as UTF-8. A bundle holds
 * regular files only: a link (to /etc/shadow, /dev/zero) is refused, not
 * followed, and so is anything but a regular file.
 */
function readFirst(dir: string, names: readonly string[]): FirstFile {
	for (const name of names) {
		const file = path.join(dir, name);
		if (!present(file)) continue;
		const read = readInputFile(file, { noFollow: true });
		return read.ok
			? { file, text: decodeText(read.bytes) }
			: { error: read.error };
	}
	return undefined;
}

/** True when `file` exists, as a link or anything else (a dangling link too). */
function present(file: string): boolean {
	try {
		lstatSync(file);
		return true;
	} catch {
		return false;
	}
}

function parseJsonObject(
	text: string,
	file: string,
):
	| { readonly ok: true; readonly value: Record<string, unknown> }
	| {
			readonly ok: false;
			readonly error: string;
	  } {
	try {
		const value: unknown = JSON.parse(text);
		if (typeof value === "object" && value !== null && !Array.isArray(value)) {
			return { ok: true, value: value as Record<string, unknown> };
		}
		return { ok: false, error: `${file}: expected a JSON object` };
	} catch (cause) {
		return { ok: false, error: `${file}: ${(cause as Error).message}` };
	}
}

function stringRecord(value: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, entry] of Object.entries(value)) {
		if (typeof entry === "string" || typeof entry === "number") {
			out[key] = String(entry);
		}
	}
	return out;
}

function toMeta(value: Record<string, unknown>): BundleMeta {
	const text = (key: string): string | undefined =>
		typeof value[key] === "string" ? (value[key] as string) : undefined;
	const list = (key: string): readonly string[] | undefined => {
		const entry = value[key];
		return Array.isArray(entry)
			? entry.filter((item): item is string => typeof item === "string")
			: undefined;
	};
	const backend = text("backend");
	const fields = {
		hostname: text("hostname"),
		time: text("time"),
		kernel: text("kernel"),
		iptablesVersion: text("iptablesVersion"),
		backend:
			backend === "legacy" || backend === "nf_tables" ? backend : undefined,
		commands: list("commands"),
		notes: list("notes"),
		description: text("description"),
		packets: list("packets"),
	};
	const defined = Object.fromEntries(
		Object.entries(fields).filter(([, entry]) => entry !== undefined),
	);
	return { format: text("format") ?? bundleFormat, ...defined };
}

/** Reads a bundle folder; never throws on bad content or unreadable files. */
export function readBundle(dir: string): BundleReadResult {
	try {
		return readBundleFiles(dir);
	} catch (cause) {
		return { ok: false, error: `${dir}: ${(cause as Error).message}` };
	}
}

type BundleTexts = {
	readonly [K in keyof typeof bundleFiles]?: {
		readonly file: string;
		readonly text: string;
	};
};

/** Every bundle file present, or the first that cannot be read. */
function readTexts(dir: string): BundleTexts | { readonly error: string } {
	const texts: Record<string, { file: string; text: string }> = {};
	for (const [kind, names] of Object.entries(bundleFiles)) {
		const read = readFirst(dir, names);
		if (read === undefined) continue;
		if ("error" in read) return read;
		texts[kind] = read;
	}
	return texts;
}

function readBundleFiles(dir: string): BundleReadResult {
	const shown = escapeTerminalText(dir);
	if (!existsSync(dir)) {
		return { ok: false, error: `${shown}: no such folder` };
	}
	const texts = readTexts(dir);
	if ("error" in texts) return { ok: false, error: String(texts.error) };
	const { addr, route, rule, ipset, conntrack, nft, rules6, route6 } = texts;
	// A host may have only nftables: its bundle has nft.json and no iptables rules.
	const rules = texts.rules ?? (nft ? { file: nft.file, text: "" } : undefined);
	if (rules === undefined) {
		return {
			ok: false,
			error: `${shown} is not a bundle: it has no ${[...bundleFiles.rules, ...bundleFiles.nft].join(" or ")}.`,
		};
	}
	const meta = texts.meta && parseJsonObject(texts.meta.text, texts.meta.file);
	if (meta !== undefined && !meta.ok) return meta;
	const sysctl =
		texts.sysctl && parseJsonObject(texts.sysctl.text, texts.sysctl.file);
	if (sysctl !== undefined && !sysctl.ok) return sysctl;
	const bundle: Bundle = {
		dir,
		rulesText: rules.text,
		rulesFile: rules.file,
		...(addr ? { addrText: addr.text, addrFile: addr.file } : {}),
		...(route ? { routeText: route.text, routeFile: route.file } : {}),
		...(rule ? { ruleText: rule.text, ruleFile: rule.file } : {}),
		...(ipset ? { ipsetText: ipset.text } : {}),
		...(rules6 ? { rules6Text: rules6.text, rules6File: rules6.file } : {}),
		...(route6 ? { route6Text: route6.text, route6File: route6.file } : {}),
		...(nft ? { nftText: nft.text, nftFile: nft.file } : {}),
		...(sysctl ? { sysctl: stringRecord(sysctl.value) } : {}),
		...(conntrack ? { conntrackText: conntrack.text } : {}),
		meta: meta ? toMeta(meta.value) : { format: bundleFormat },
	};
	return { ok: true, bundle };
}

/** True when `dir` looks like a bundle (has a rules file). */
export function isBundleDir(dir: string): boolean {
	return [...bundleFiles.rules, ...bundleFiles.nft].some((name) =>
		existsSync(path.join(dir, name)),
	);
}
