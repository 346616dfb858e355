/**
 * The nftables half of live mode and capture, on a stub host: `nft -j list
 * ruleset` is read beside iptables-save (and nothing else is asked of nft),
 * the bundle carries nft.json, the notes say which tables are native and
 * which iptables-nft wrote, and a host whose nft ruleset could not be read
 * is never shown as if iptables-save were its whole firewall.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCapture } from "../../source/cli/capture.js";
import { buildSession } from "../../source/cli/explore-session.js";
import { loadInputs } from "../../source/cli/inputs.js";
import { rulesetOutline } from "../../source/ui/state/ruleset-outline.js";
import {
	createStubHost,
	removeTemporaryFolders,
	type StubTable,
	temporaryFolder,
} from "./stub-host.js";

afterAll(removeTemporaryFolders);

const tools = ["iptables", "iptables-legacy-save", "iptables-nft-save", "ip"];

const iptablesNft = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -i docker0 -j ACCEPT
COMMIT
`;

/** As nft 1.0.6 prints it: a native inet table and iptables-nft's ip filter. */
const nftJson = JSON.stringify({
	nftables: [
		{ metainfo: { version: "1.0.6", json_schema_version: 1 } },
		{ table: { family: "inet", name: "hostfw", handle: 1 } },
		{
			set: {
				family: "inet",
				name: "blocked",
				table: "hostfw",
				type: "ipv4_addr",
				handle: 3,
				elem: ["198.51.100.7"],
			},
		},
		{
			chain: {
				family: "inet",
				table: "hostfw",
				name: "input",
				handle: 1,
				type: "filter",
				hook: "input",
				prio: -1,
				policy: "accept",
			},
		},
		{
			rule: {
				family: "inet",
				table: "hostfw",
				chain: "input",
				handle: 4,
				expr: [
					{
						match: {
							op: "==",
							left: { payload: { protocol: "ip", field: "saddr" } },
							right: "@blocked",
						},
					},
					{ drop: null },
				],
			},
		},
		{ table: { family: "ip", name: "filter", handle: 2 } },
		{
			chain: {
				family: "ip",
				table: "filter",
				name: "FORWARD",
				handle: 2,
				type: "filter",
				hook: "forward",
				prio: 0,
				policy: "drop",
			},
		},
		{
			rule: {
				family: "ip",
				table: "filter",
				chain: "FORWARD",
				handle: 5,
				expr: [
					{
						match: {
							op: "==",
							left: { meta: { key: "iifname" } },
							right: "docker0",
						},
					},
					{ counter: { packets: 0, bytes: 0 } },
					{ accept: null },
				],
			},
		},
	],
});

const host: StubTable = {
	"iptables --version": { stdout: "iptables v1.8.9 (nf_tables)\n" },
	"iptables-legacy-save ": { stdout: "" },
	"iptables-nft-save ": { stdout: iptablesNft },
	"ip -j -d addr show": {
		stdout:
			'[{"ifindex":2,"ifname":"eth0","addr_info":[{"family":"inet","local":"10.0.2.15","prefixlen":24}]}]\n',
	},
	"ip -j route show table all": {
		stdout: '[{"dst":"default","gateway":"10.0.2.2","dev":"eth0"}]\n',
	},
	"ip -j rule show": { stdout: "[]\n" },
	"nft -j list ruleset": { stdout: nftJson },
};

function capturer() {
	const out: string[] = [];
	const err: string[] = [];
	return {
		out,
		err,
		io: {
			out: (t: string) => out.push(t),
			err: (t: string) => err.push(t),
		},
	};
}

describe("nft -j list ruleset in live mode and capture", () => {
	test("capture writes nft.json and says which tables are native and which iptables-nft's", async () => {
		const stub = createStubHost(tools, host);
		const out = path.join(temporaryFolder(), "bundle");
		const io = capturer();
		const code = await runCapture(
			["--live", "-o", out, "--no-conntrack"],
			io.io,
			{
				IPTX_SYSTEM_PATH: stub.bin,
			},
		);
		expect(io.err).toEqual([]);
		expect(code).toBe(0);
		expect(stub.calls()).toContain("nft -j list ruleset");
		expect(stub.calls().filter((c) => c.startsWith("nft "))).toEqual([
			"nft -j list ruleset",
		]);
		expect(readFileSync(path.join(out, "nft.json"), "utf8")).toBe(nftJson);
		const said = io.out.join("\n");
		expect(said).toContain("native nftables tables: inet hostfw");
		expect(said).toContain(
			"written by iptables-nft (the iptables-save rules): ip filter",
		);
		const loaded = await loadInputs({ rules: out });
		expect(loaded.ok && loaded.nftText).toBe(nftJson);
		if (!loaded.ok) return;
		const session = buildSession(loaded, undefined);
		expect(session.nftAbsent).toBeUndefined();
		const rows = rulesetOutline(session.context).map((row) =>
			row.kind === "table" ? `${row.table} ${row.note ?? ""}` : row.kind,
		);
		expect(rows).toContain("inet hostfw ");
		expect(rows).toContain(
			"ip filter written by iptables-nft: iptables-save shows these rules",
		);
	});

	test("live mode carries the nft ruleset into the explorer's session", async () => {
		const stub = createStubHost(tools, host);
		const loaded = await loadInputs({
			live: true,
			conntrack: false,
			env: { IPTX_SYSTEM_PATH: stub.bin },
		});
		expect(loaded.ok).toBe(true);
		if (!loaded.ok) return;
		expect(loaded.nftSource).toBe("nft -j list ruleset");
		const session = buildSession(loaded, undefined);
		expect(session.origin).toBe(
			`${stub.bin}/iptables-nft-save + nft -j list ruleset`,
		);
		expect(session.notes.join("\n")).toContain(
			"native nftables tables: inet hostfw",
		);
	});

	test("nft that cannot be read: NFT NOT GIVEN, never iptables-save alone as the firewall", async () => {
		const stub = createStubHost(tools, {
			...host,
			"nft -j list ruleset": {
				stderr: "Error: cache initialization failed: Protocol not supported\n",
				exitCode: 1,
			},
		});
		const loaded = await loadInputs({
			live: true,
			conntrack: false,
			env: { IPTX_SYSTEM_PATH: stub.bin },
		});
		expect(loaded.ok).toBe(true);
		if (!loaded.ok) return;
		const session = buildSession(loaded, undefined);
		expect(session.nftAbsent).toMatch(/could not read the nftables ruleset/);
	});

	test("nft refused for want of privileges: the read fails as iptables-save's does", async () => {
		const stub = createStubHost(tools, {
			...host,
			"nft -j list ruleset": {
				stderr: "Error: Operation not permitted (you must be root)\n",
				exitCode: 1,
			},
		});
		const loaded = await loadInputs({
			live: true,
			conntrack: false,
			env: { IPTX_SYSTEM_PATH: stub.bin },
		});
		expect(loaded.ok).toBe(false);
		if (loaded.ok) return;
		expect(loaded.exitCode).toBe(4);
		expect(loaded.error).toContain("nft -j list ruleset");
	});

	test("iptables-save that says nft tables exist, without --nft: NFT NOT GIVEN", async () => {
		const dir = temporaryFolder();
		const file = path.join(dir, "rules.v4");
		const { writeFileSync } = await import("node:fs");
		writeFileSync(
			file,
			`# Table \`docker-bridges' is incompatible, use 'nft' tool.\n${iptablesNft}`,
		);
		const loaded = await loadInputs({ rules: file });
		if (!loaded.ok) throw new Error(loaded.error);
		expect(buildSession(loaded, undefined).nftAbsent).toMatch(/--nft FILE/);
	});
});
