import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCapture } from "../../source/cli/capture.js";
import {
	loadInputs,
	samplesDirectory,
	settingsFromSysctl,
} from "../../source/cli/inputs.js";
import { readBundle } from "../../source/live/bundle.js";
import { writeBundle } from "../../source/live/write-bundle.js";
import { removeTemporaryFolders, temporaryFolder } from "./stub-host.js";

afterAll(removeTemporaryFolders);

const rules = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j DROP\nCOMMIT\n";

function tempDir(): string {
	return temporaryFolder();
}

function folder(files: Record<string, string>): string {
	const dir = tempDir();
	for (const [name, text] of Object.entries(files)) {
		writeFileSync(path.join(dir, name), text);
	}
	return dir;
}

describe("settingsFromSysctl", () => {
	test.each([
		{ name: "nothing captured", sysctl: {}, settings: {} },
		{
			name: "forwarding off",
			sysctl: { "net.ipv4.ip_forward": "0" },
			settings: { ipForward: false },
		},
		{
			name: "tcp_loose off",
			sysctl: { "net.netfilter.nf_conntrack_tcp_loose": "0" },
			settings: { tcpLoose: false },
		},
		{
			name: "route_localnet on",
			sysctl: { "net.ipv4.conf.all.route_localnet": "1" },
			settings: { routeLocalnet: true },
		},
		{
			name: "rp_filter is max(all, interface)",
			sysctl: {
				"net.ipv4.conf.all.rp_filter": "0",
				"net.ipv4.conf.eth0.rp_filter": "2",
				"net.ipv4.conf.lo.rp_filter": "1",
			},
			settings: { rpFilter: 2 },
		},
		{
			name: "strict everywhere",
			sysctl: { "net.ipv4.conf.all.rp_filter": "1" },
			settings: { rpFilter: 1 },
		},
		{
			name: "br_netfilter not loaded",
			sysctl: { "module.br_netfilter": "0" },
			settings: { bridgeNetfilter: false, bridgeNetfilter6: false },
		},
		{
			name: "IPv6 forwarding off, IPv4 on: each family its own switch",
			sysctl: {
				"net.ipv4.ip_forward": "1",
				"net.ipv6.conf.all.forwarding": "0",
			},
			settings: { ipForward: true, ip6Forward: false },
		},
		{
			name: "bridge-nf-call-ip6tables=0 beside bridge-nf-call-iptables=1",
			sysctl: {
				"module.br_netfilter": "1",
				"net.bridge.bridge-nf-call-iptables": "1",
				"net.bridge.bridge-nf-call-ip6tables": "0",
			},
			settings: { bridgeNetfilter: true, bridgeNetfilter6: false },
		},
		{
			name: "bridge-nf-call-iptables=0",
			sysctl: {
				"module.br_netfilter": "1",
				"net.bridge.bridge-nf-call-iptables": "0",
			},
			settings: { bridgeNetfilter: false },
		},
		{
			name: "bridge-nf-call-iptables=1",
			sysctl: { "net.bridge.bridge-nf-call-iptables": "1" },
			settings: { bridgeNetfilter: true },
		},
	])("$name", ({ sysctl, settings }) => {
		expect(settingsFromSysctl(sysctl)).toEqual(settings);
	});
});

describe("loadInputs", () => {
	test("a rules file", async () => {
		const dir = folder({ "r.rules": rules, "addr.json": "[]" });
		const loaded = await loadInputs({
			rules: path.join(dir, "r.rules"),
			addr: path.join(dir, "addr.json"),
		});
		expect(loaded).toEqual({
			ok: true,
			rulesText: rules,
			// The file's own bytes, for the parser's scanners (it is ASCII).
			rulesAscii: Buffer.from(rules),
			rulesSource: path.join(dir, "r.rules"),
			addrText: "[]",
			hostSources: { addr: path.join(dir, "addr.json") },
			presets: [],
			origin: "file",
			commands: [],
			notes: [],
		});
	});

	test("standard input", async () => {
		const loaded = await loadInputs({ rules: "-", stdin: async () => rules });
		expect(loaded).toMatchObject({
			ok: true,
			rulesText: rules,
			rulesSource: "-",
			origin: "stdin",
		});
	});

	test.each([
		{
			name: "missing file",
			options: { rules: "/nonexistent/iptx.rules" },
			error: "/nonexistent/iptx.rules: no such file",
		},
		{
			name: "live and a file",
			options: { live: true, rules: "x" },
			error: "Give only one of --live, a rules file.",
		},
		{ name: "nothing", options: {}, error: "No ruleset given" },
		{
			name: "unknown sample",
			options: { sample: "no-such-sample" },
			error: 'No sample named "no-such-sample"',
		},
		{
			name: "not a bundle",
			options: { bundle: os.tmpdir() },
			error: "is not a bundle",
		},
	])("$name → exit 2", async ({ options, error }) => {
		const loaded = await loadInputs(options);
		expect(loaded).toMatchObject({ ok: false, exitCode: 2 });
		expect(loaded.ok ? "" : loaded.error).toContain(error);
	});

	test("a bundle folder given as the rules argument, with text alternatives", async () => {
		const dir = folder({
			"iptables.rules": rules,
			"ip-addr.txt": "2: eth0 …",
			"route-n.txt": "Kernel IP routing table\n",
			"sysctl.json":
				'{"net.ipv4.ip_forward": "1", "net.ipv4.conf.all.rp_filter": 2}',
			"bundle.json": JSON.stringify({
				format: "iptx-bundle/1",
				hostname: "gw",
				backend: "legacy",
				description: "a gateway",
				packets: ["tcp 1.2.3.4:5 > 10.0.0.1:22"],
			}),
		});
		const loaded = await loadInputs({ rules: dir });
		expect(loaded).toMatchObject({
			ok: true,
			origin: "bundle",
			rulesText: rules,
			rulesSource: path.join(dir, "iptables.rules"),
			addrText: "2: eth0 …",
			routeText: "Kernel IP routing table\n",
			sysctl: {
				"net.ipv4.ip_forward": "1",
				"net.ipv4.conf.all.rp_filter": "2",
			},
			hostName: "gw",
			backend: "legacy",
			description: "a gateway",
			presets: ["tcp 1.2.3.4:5 > 10.0.0.1:22"],
		});
	});

	test("a broken bundle.json is reported, not thrown", async () => {
		const dir = folder({ "iptables.rules": rules, "bundle.json": "{oops" });
		const loaded = await loadInputs({ bundle: dir });
		expect(loaded.ok ? "" : loaded.error).toContain(
			`${path.join(dir, "bundle.json")}:`,
		);
	});

	test("samples resolve next to the package", () => {
		expect(samplesDirectory()).toBe(
			`${path.resolve(import.meta.dirname, "../../samples")}/`,
		);
	});
});

describe("bundles", () => {
	test("writeBundle refuses to overwrite a folder that is not a bundle", () => {
		const dir = folder({ "precious.txt": "keep me" });
		expect(writeBundle(dir, { "iptables.rules": rules })).toMatchObject({
			ok: false,
		});
		expect(readFileSync(path.join(dir, "precious.txt"), "utf8")).toBe(
			"keep me",
		);
	});

	test("rewriting a bundle replaces it whole (no stale files)", () => {
		const dir = path.join(tempDir(), "b");
		writeBundle(dir, {
			"iptables.rules": rules,
			"ipset.save": "x",
			"bundle.json": "{}",
		});
		writeBundle(dir, { "iptables.rules": rules, "bundle.json": "{}" });
		const read = readBundle(dir);
		expect(read.ok && "ipsetText" in read.bundle).toBe(false);
		expect(read.ok).toBe(true);
	});

	test("iptx capture --rules builds a bundle that loads back the same", async () => {
		const dir = folder({
			"r.rules": rules,
			"route.txt": "default via 10.0.0.1 dev eth0\n",
		});
		const out = path.join(dir, "bundle");
		const lines: string[] = [];
		const io = {
			out: (text: string) => lines.push(text),
			err: (text: string) => lines.push(text),
		};
		const code = await runCapture(
			[
				"--rules",
				path.join(dir, "r.rules"),
				"--route",
				path.join(dir, "route.txt"),
				"-o",
				out,
			],
			io,
		);
		expect(code).toBe(0);
		expect(lines[0]).toBe(
			`Wrote ${out}: iptables.rules, ip-route.txt, bundle.json (1 rules).`,
		);
		const loaded = await loadInputs({ rules: out });
		expect(loaded).toMatchObject({
			ok: true,
			rulesText: rules,
			routeText: "default via 10.0.0.1 dev eth0\n",
		});
	});

	test("iptx capture without -o says what is missing", async () => {
		const lines: string[] = [];
		const io = {
			out: (text: string) => lines.push(text),
			err: (text: string) => lines.push(text),
		};
		expect(await runCapture(["--live"], io)).toBe(2);
		expect(lines).toEqual([
			"iptx capture: say where to write the bundle with -o DIR.",
		]);
	});
});
