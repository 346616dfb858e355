/**
 * Chain bodies and set elements read when first needed (the explorer's
 * `readRulesLater`): a kube-proxy nftables ruleset of 10,000 services opens
 * with its 40,000 service and endpoint chains unread, a packet reads only the
 * chains it walks, and whatever is read later is what an eager read gives,
 * diagnostics included, on every shared nft ruleset and recording.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { buildSession } from "../../source/cli/explore-session.js";
import {
	loadNft,
	type NftLoadResult,
	type NftRuleset,
	nftRuleCount,
	prepareNft,
	unreadNftChains,
} from "../../source/engine/index.js";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import type { Session } from "../../source/ui/engine-port.js";
import { infoLines } from "../../source/ui/panes/info-overlay.js";
import { nftRulesetOf } from "../../source/ui/state/nft-listing.js";

const root = path.join(import.meta.dirname, "..", "..");
const shared = path.join(root, "..", "shared");

/** Every nft ruleset we have: the shared files and each recording's `nft -j`. */
function corpus(): [string, string][] {
	const rulesets = path.join(shared, "rulesets", "nft");
	const files: [string, string][] = readdirSync(rulesets)
		.filter((name) => name.endsWith(".nft") || name.endsWith(".nft.json"))
		.map((name) => [name, readFileSync(path.join(rulesets, name), "utf8")]);
	const recordings = [
		path.join(root, "test", "fixtures", "scenarios"),
		path.join(root, "test", "fixtures", "scenarios-nft"),
		path.join(shared, "scenarios"),
	];
	for (const parent of recordings)
		for (const entry of readdirSync(parent, { withFileTypes: true })) {
			if (!entry.isDirectory()) continue;
			const file = path.join(parent, entry.name, "kernel.json");
			const recording = JSON.parse(readFileSync(file, "utf8")) as {
				nft_ruleset_before?: unknown;
			};
			const nft = recording.nft_ruleset_before;
			if (nft !== undefined)
				files.push([
					`${path.basename(parent)}/${entry.name}`,
					typeof nft === "string" ? nft : JSON.stringify(nft),
				]);
		}
	return files;
}

/** Diagnostics as text, in an order that does not depend on when bodies were read. */
function diagnosticsText(result: NftLoadResult): string[] {
	return result.diagnostics
		.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)
		.sort();
}

function kubeProxyNft(services: number): string {
	return execFileSync(
		"node",
		[path.join(root, "scripts", "gen-kube-proxy-nft.mjs"), String(services)],
		{ encoding: "utf8", maxBuffer: 1 << 30 },
	);
}

function chainCount(ruleset: NftRuleset): number {
	return ruleset.tables.reduce((n, table) => n + table.chains.length, 0);
}

describe("rules read later are the rules read at once", () => {
	const files = [
		...corpus(),
		["kube-proxy nft, 30 services", kubeProxyNft(30)] as [string, string],
	];
	test("the corpus is there", () => {
		expect(files.length).toBeGreaterThan(30);
	});
	test.each(files)("%s", (name, text) => {
		for (const commitChecks of [false, true]) {
			const eager = loadNft(text, { source: name, commitChecks });
			const later = loadNft(text, {
				source: name,
				commitChecks,
				readRulesLater: true,
			});
			// Counted before reading: the same number of rules.
			const count = (ruleset: NftRuleset) =>
				ruleset.tables.reduce(
					(n, t) => n + t.chains.reduce((m, c) => m + nftRuleCount(c), 0),
					0,
				);
			expect(count(later.ruleset)).toBe(count(eager.ruleset));
			// The sets the rules update, told from the text of chains not read.
			const updated = (ruleset: NftRuleset) =>
				prepareNft(ruleset).baseChains.map((base) => [
					...base.table.updatedSets,
				]);
			expect(updated(later.ruleset)).toEqual(updated(eager.ruleset));
			// Stringified, every chain and set is read: the same model.
			expect(JSON.stringify(later.ruleset)).toBe(JSON.stringify(eager.ruleset));
			expect(diagnosticsText(later)).toEqual(diagnosticsText(eager));
		}
	});
});

describe("a body read later reports its errors, with line and column", () => {
	const text = [
		"table inet t {",
		"\tchain base {",
		"\t\ttype filter hook input priority 0; policy accept;",
		// A conntrack user first: preparing the host then reads no further.
		"\t\tct state established accept",
		"\t\tjump c",
		"\t}",
		"\tchain c {",
		"\t\tip saddr 10.0.0.1 accept",
		"\t\tip saddr bogus! drop",
		"\t\tjump missing",
		"\t}",
		"}",
	].join("\n");
	test("unread at first, then reported when read, as an eager read reports them", () => {
		const options = { source: "t.nft", commitChecks: false };
		const eager = loadNft(text, options);
		const later = loadNft(text, { ...options, readRulesLater: true });
		expect(unreadNftChains(later.ruleset)).toBe(1);
		expect(later.diagnostics).toEqual([]);
		const chain = later.ruleset.tables[0]?.chains[1];
		expect(chain?.rules.length).toBe(2);
		expect(unreadNftChains(later.ruleset)).toBe(0);
		expect(diagnosticsText(later)).toEqual(diagnosticsText(eager));
		expect(diagnosticsText(later)).toEqual([
			"10:8 error unknown-chain Could not process rule: No such file or directory (chain 'missing' does not exist yet)",
			"9:17 error syntax-error syntax error, unexpected '!'",
		]);
	});
	test("the explorer lists them once read", () => {
		const session = buildSession(
			{
				ok: true,
				rulesText: "",
				rulesSource: "t.nft",
				nftText: text,
				nftSource: "t.nft",
				presets: [],
				origin: "file",
				commands: [],
				notes: [],
			},
			undefined,
		);
		const before = infoLines(session).join("\n");
		expect(before).toContain("1 chains are read when first shown or run");
		expect(before).not.toContain("unexpected '!'");
		const ruleset = nftRulesetOf(session.context) as NftRuleset;
		expect(ruleset.tables[0]?.chains[1]?.rules.length).toBe(2);
		const after = infoLines(session).join("\n");
		expect(after).toContain("t.nft 9:17: syntax error, unexpected '!'");
		expect(after).not.toContain("chains are read when first shown");
	});
});

describe("a map's elements listed before the chains they name (nft -j list ruleset)", () => {
	const listing = (chainsFirst: boolean) => {
		const table = { table: { family: "ip", name: "t", handle: 1 } };
		const map = {
			map: {
				family: "ip",
				name: "m",
				table: "t",
				type: "ipv4_addr",
				handle: 3,
				map: "verdict",
				elem: [["10.0.0.1", { goto: { target: "c" } }]],
			},
		};
		const chain = {
			chain: { family: "ip", table: "t", name: "c", handle: 2 },
		};
		const entries = chainsFirst ? [table, chain, map] : [table, map, chain];
		return JSON.stringify({ nftables: entries });
	};
	test.each([
		["map first: the goto names a chain not there yet", false, 1],
		["chain first: the goto names a chain that is there", true, 0],
	])(
		"%s; the elements stay unread while the chains load",
		(_, chainsFirst, errors) => {
			const text = listing(chainsFirst);
			const options = { source: "t.json", commitChecks: false };
			const eager = loadNft(text, options);
			const later = loadNft(text, { ...options, readRulesLater: true });
			expect(later.diagnostics).toEqual([]);
			const map = later.ruleset.tables[0]?.sets[0];
			expect(map?.elements.length).toBe(1);
			expect(diagnosticsText(later)).toEqual(diagnosticsText(eager));
			expect(eager.diagnostics.length).toBe(errors);
			for (const d of later.diagnostics)
				expect([d.code, d.message]).toEqual([
					"unknown-chain",
					"Could not process rule: No such file or directory (chain 'c' does not exist)",
				]);
		},
	);
});

describe("the explorer opens a 10,000-service kube-proxy nft ruleset without reading its chains", () => {
	const text = kubeProxyNft(10_000);
	let session: Session;
	test("open: 40,004 chains unread, the rules counted", () => {
		session = buildSession(
			{
				ok: true,
				rulesText: "",
				rulesSource: "kube.nft",
				nftText: text,
				nftSource: "kube.nft",
				presets: [],
				origin: "file",
				commands: [],
				notes: [],
			},
			undefined,
		);
		const ruleset = nftRulesetOf(session.context) as NftRuleset;
		expect(chainCount(ruleset)).toBe(40_008);
		// The four base chains are read; no service or endpoint chain is.
		expect(unreadNftChains(ruleset)).toBe(40_004);
		expect(infoLines(session).join("\n")).toContain(
			"nftables: 1 tables, 40008 chains, 80011 rules, 3 sets and maps",
		);
		expect(unreadNftChains(ruleset)).toBe(40_004);
	});
	test("a packet to a ClusterIP reads the chains it walks, and only those", () => {
		const ruleset = nftRulesetOf(session.context) as NftRuleset;
		const packet = engineAdapter.parsePacketSpec(
			"IN=eth0 OUT= SRC=192.0.2.9 DST=10.96.0.5 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=85 WINDOW=64240 RES=0x00 SYN URGP=0",
		);
		if (!packet.ok) throw new Error(packet.error);
		const result = engineAdapter.simulate(
			session.context,
			packet.input,
			engineAdapter.createState(),
		);
		expect(result.trace.steps.length).toBeGreaterThan(0);
		const read = 40_004 - unreadNftChains(ruleset);
		// services, its service chain, one endpoint, mark-for-masquerade, ...
		expect(read).toBeGreaterThan(0);
		expect(read).toBeLessThan(12);
	});
});
