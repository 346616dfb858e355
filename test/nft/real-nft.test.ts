/**
 * iptx check's nft verdict against the real nft 1.0.6 of this machine on a
 * valid ruleset and on broken variants of it, each loaded with `nft -f` into
 * a fresh, throw-away network namespace (only `lo` exists). A load, not
 * `nft -c`: on Linux 6.18 `nft -c` skips the kernel's commit-time checks
 * (jump loops, statements on the wrong hook), which a load runs. Needs root, `ip` and `nft`;
 * skips visibly otherwise, and fails instead when CI is set and we are root.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { afterAll, describe, expect, test } from "vitest";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import { loadNft } from "../../source/engine/nft/load-nft.js";

function has(command: string): boolean {
	return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

const root = process.getuid?.() === 0;
const available = root && has("ip") && has("nft");
if (!available)
	console.warn("real nft tests skipped: need root, ip netns and nft");

const dir = mkdtempSync(join(tmpdir(), "iptx-nft-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

/** Exit status and first error line of `nft -f` in a fresh namespace. */
function realCheck(text: string): {
	ok: boolean;
	line: number | undefined;
	stderr: string;
} {
	const ns = `iptx-nft-${process.pid}-${counter}`;
	const file = join(dir, `v${counter++}.nft`);
	writeFileSync(file, text);
	spawnSync("ip", ["netns", "add", ns]);
	try {
		const out = spawnSync("ip", ["netns", "exec", ns, "nft", "-f", file], {
			encoding: "utf8",
		});
		const where = /\.nft:(\d+):/.exec(out.stderr);
		return {
			ok: out.status === 0,
			line: where ? Number(where[1]) : undefined,
			stderr: out.stderr,
		};
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
	}
}

/** The machine: nft 1.0.6, a kernel without these options, only `lo`. */
const machine = {
	release: "1.0.6",
	interfaces: ["lo"],
	kernelLacks: ["flowtable", "bridge-reject", "bridge-conntrack", "queue"],
} as const;

const base = `table inet t {
	set allowed {
		type ipv4_addr
		flags interval
		elements = { 10.0.0.0/8, 192.168.1.1 }
	}

	map ports {
		type inet_service : verdict
		elements = { 22 : jump ssh, 80 : accept }
	}

	chain input {
		type filter hook input priority filter; policy drop;
		ct state established,related accept
		iifname "lo" accept
		ip saddr @allowed tcp dport vmap @ports
		meta l4proto { icmp, ipv6-icmp } accept
		reject with icmpx type admin-prohibited
	}

	chain ssh {
		limit rate 10/minute burst 5 packets accept
		counter drop
	}

	chain pre {
		type nat hook prerouting priority dstnat; policy accept;
		tcp dport 8080 dnat ip to 10.0.0.2:80
	}

	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname != "lo" masquerade
	}
}
`;

type Variant = readonly [string, (text: string) => string];

/** A table whose base chain jumps `depth` chains deep (c1 to c`depth`). */
function jumpsDeep(depth: number): string {
	const chains = Array.from(
		{ length: depth },
		(_, i) =>
			`\tchain c${i + 1} {\n${i + 1 < depth ? `\t\tjump c${i + 2}\n` : ""}\t}\n`,
	).join("");
	return `table ip deep {\n\tchain base {\n\t\ttype filter hook input priority 0;\n\t\tjump c1\n\t}\n${chains}}\n`;
}

const variants: readonly Variant[] = [
	["unchanged", (t) => t],
	[
		"jump to a missing chain",
		(t) => t.replace("counter drop", "counter jump nowhere"),
	],
	[
		"vmap element to a missing chain",
		(t) => t.replace("22 : jump ssh", "22 : jump nowhere"),
	],
	["unknown set", (t) => t.replace("@allowed", "@missing")],
	["jump loop", (t) => t.replace("counter drop", "jump ssh")],
	[
		"two-chain loop",
		(t) =>
			t.replace(
				"counter drop",
				"jump back\n\t}\n\n\tchain back {\n\t\tjump ssh",
			),
	],
	["15 jumps deep", (t) => `${t}${jumpsDeep(15)}`],
	["16 jumps deep", (t) => `${t}${jumpsDeep(16)}`],
	[
		"a loop no base chain reaches",
		(t) =>
			`${t}table ip l {\n\tchain a {\n\t\tjump b\n\t}\n\tchain b {\n\t\tjump a\n\t}\n}\n`,
	],
	[
		"masquerade reached by a later jump",
		(t) =>
			`${t}table ip m {\n\tchain x {\n\t\tmasquerade\n\t}\n\tchain in {\n\t\ttype filter hook input priority 0;\n\t\tjump x\n\t}\n}\n`,
	],
	[
		"masquerade in prerouting",
		(t) => t.replace("tcp dport 8080 dnat ip to 10.0.0.2:80", "masquerade"),
	],
	[
		"dnat in postrouting",
		(t) =>
			t.replace(
				'oifname != "lo" masquerade',
				"tcp dport 1 dnat ip to 10.0.0.3",
			),
	],
	[
		"nat statement in a filter chain",
		(t) => t.replace("counter drop", "dnat ip to 10.0.0.9"),
	],
	[
		"nat chain on forward",
		(t) => t.replace("type nat hook postrouting", "type nat hook forward"),
	],
	["unknown hook", (t) => t.replace("hook input", "hook inptu")],
	[
		"dstnat priority on postrouting",
		(t) => t.replace("priority srcnat", "priority dstnat"),
	],
	[
		"dstnat priority on output",
		(t) =>
			t.replace(
				"type nat hook prerouting priority dstnat",
				"type nat hook output priority dstnat",
			),
	],
	[
		"numeric priority on output",
		(t) =>
			t.replace(
				"type nat hook prerouting priority dstnat",
				"type nat hook output priority -100",
			),
	],
	[
		"syntax error",
		(t) => t.replace("accept\n\t\tiifname", "acept\n\t\tiifname"),
	],
	["undefined variable", (t) => t.replace('iifname "lo"', "iifname $lan")],
	[
		"defined variable",
		(t) => `define lan = "lo"\n${t.replace('iifname "lo"', "iifname $lan")}`,
	],
	[
		"iif of a missing interface",
		(t) => t.replace('iifname "lo"', 'iif "eth7"'),
	],
	["iif lo", (t) => t.replace('iifname "lo"', 'iif "lo"')],
	["flush ruleset first", (t) => `flush ruleset\n${t}`],
	["delete a missing table", (t) => `${t}delete table ip nosuch\n`],
	["add rule to a missing chain", (t) => `${t}add rule inet t nosuch accept\n`],
	[
		"add rule before its target chain",
		(t) => `${t}add rule inet t ssh jump later\nadd chain inet t later\n`,
	],
	[
		"add chain before the rule",
		(t) => `${t}add chain inet t later\nadd rule inet t ssh jump later\n`,
	],
	[
		"netdev chain without device",
		(t) =>
			`${t}table netdev n {\n\tchain c {\n\t\ttype filter hook ingress priority 0;\n\t}\n}\n`,
	],
	[
		"route chain on prerouting",
		(t) =>
			`${t}table ip r {\n\tchain c {\n\t\ttype route hook prerouting priority 0;\n\t}\n}\n`,
	],
	[
		"fib oif in output",
		(t) =>
			`${t}table ip f {\n\tchain c {\n\t\ttype filter hook output priority 0;\n\t\tfib daddr oif missing drop\n\t}\n}\n`,
	],
	[
		"reject in postrouting",
		(t) =>
			`${t}table ip p {\n\tchain c {\n\t\ttype filter hook postrouting priority 0;\n\t\treject\n\t}\n}\n`,
	],
	[
		"ct helper rtsp",
		(t) =>
			`${t}table ip h {\n\tct helper x {\n\t\ttype "rtsp" protocol tcp;\n\t}\n}\n`,
	],
	[
		"ct helper ftp",
		(t) =>
			`${t}table ip h {\n\tct helper x {\n\t\ttype "ftp" protocol tcp;\n\t}\n}\n`,
	],
	["unclosed brace", (t) => t.slice(0, -2)],
	[
		"map key twice with other data",
		(t) => t.replace("80 : accept }", "80 : accept, 22 : drop }"),
	],
	[
		"map key twice with the same data",
		(t) => t.replace("80 : accept }", "80 : accept, 80 : accept }"),
	],
	[
		"set element added again",
		(t) => `${t}add element inet t allowed { 192.168.1.1 }\n`,
	],
	[
		"JSON listing",
		() =>
			JSON.stringify({
				nftables: [
					{ table: { family: "ip", name: "j" } },
					{
						chain: {
							family: "ip",
							table: "j",
							name: "c",
							type: "filter",
							hook: "input",
							prio: 0,
							policy: "accept",
						},
					},
					{
						rule: {
							family: "ip",
							table: "j",
							chain: "c",
							expr: [
								{
									match: {
										op: "==",
										left: { payload: { protocol: "tcp", field: "dport" } },
										right: 22,
									},
								},
								{ accept: null },
							],
						},
					},
				],
			}),
	],
	[
		// nft 1.0.6's own `nft -j list ruleset` puts maps before chains: loaded back, the
		// map's `jump c` comes before chain c exists, and nft -j -f refuses it (ENOENT).
		"JSON listing with a verdict map before its chains",
		() =>
			JSON.stringify({
				nftables: [
					{ table: { family: "ip", name: "t" } },
					{
						map: {
							family: "ip",
							name: "m",
							table: "t",
							type: "mark",
							map: "verdict",
							elem: [[1, { jump: { target: "c" } }]],
						},
					},
					{
						chain: {
							family: "ip",
							table: "t",
							name: "in",
							type: "filter",
							hook: "input",
							prio: 0,
							policy: "accept",
						},
					},
					{ chain: { family: "ip", table: "t", name: "c" } },
					{
						rule: {
							family: "ip",
							table: "t",
							chain: "in",
							expr: [{ vmap: { key: { meta: { key: "mark" } }, data: "@m" } }],
						},
					},
				],
			}),
	],
	[
		"JSON rule to a missing chain",
		() =>
			JSON.stringify({
				nftables: [
					{ table: { family: "ip", name: "j" } },
					{
						rule: {
							family: "ip",
							table: "j",
							chain: "c",
							expr: [{ accept: null }],
						},
					},
				],
			}),
	],
];

describe.skipIf(!available)("iptx check agrees with a real nft -f load", () => {
	test.each(variants)("%s", (_name, make) => {
		const text = make(base);
		const real = text.startsWith("{") ? realJson(text) : realCheck(text);
		const ours = loadNft(text, { source: "v.nft", ...machine });
		const fatal = ours.diagnostics.filter((d) => d.fatal === true);
		expect(
			ours.wouldLoad,
			`nft: ${real.stderr}\niptx:\n${fatal.slice(0, 3).map(formatDiagnostic).join("\n")}`,
		).toBe(real.ok);
		if (!real.ok && real.line !== undefined)
			expect(fatal[0]?.line, real.stderr).toBe(real.line);
	});
});

/** `nft -j -f` for the JSON variants. */
function realJson(text: string): {
	ok: boolean;
	line: number | undefined;
	stderr: string;
} {
	const ns = `iptx-nftj-${process.pid}-${counter}`;
	const file = join(dir, `v${counter++}.json`);
	writeFileSync(file, text);
	spawnSync("ip", ["netns", "add", ns]);
	try {
		const out = spawnSync(
			"ip",
			["netns", "exec", ns, "nft", "-j", "-f", file],
			{ encoding: "utf8" },
		);
		return { ok: out.status === 0, line: undefined, stderr: out.stderr };
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
	}
}

test.skipIf(available)("real nft tests need root, ip netns and nft", () => {
	// Visible skip elsewhere; on a CI machine that is root the tools must be there.
	if (process.env["CI"] && root)
		expect.fail("CI as root: ip and nft must be installed");
});
