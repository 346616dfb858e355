/**
 * IPv6 at the command line (issue #11), the built CLI on the recorded
 * dual-stack Docker host: the short form with bracketed IPv6 endpoints and
 * icmp6 in trace and replay (beside IPv4 lines in one stream), `route -n -A
 * inet6` as the IPv6 routes, an ip6tables-save file given as the rules, and
 * trace text quoting the ip6tables rule an IPv6 packet matched.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, expect, test } from "vitest";
import { readRecording } from "../helpers/recording.js";

const root = path.join(import.meta.dirname, "..", "..");
const cli = path.join(root, "dist", "cli.js");
const recording = readRecording("scenarios/docker6-dual-stack");
const dir = mkdtempSync(path.join(tmpdir(), "iptx-ipv6-"));
const file = (name: string) => path.join(dir, name);

/** What `route -n -A inet6` prints on that host (the same routes, plus the local table's). */
const routeN6 = `Kernel IPv6 routing table
Destination                    Next Hop                   Flag Met Ref  Use If
fd00:2::/64                    ::                         U    256 1      0 eth0
fd00:17::/64                   ::                         U    256 1      0 docker0
fe80::/64                      ::                         U    256 1      0 docker0
fe80::/64                      ::                         U    256 1      0 eth0
::/0                           fd00:2::2                  UG   1024 2     0 eth0
::1/128                        ::                         Un   0   3      0 lo
fd00:2::15/128                 ::                         Un   0   3      0 eth0
fd00:17::1/128                 ::                         Un   0   3      0 docker0
ff00::/8                       ::                         U    256 3      0 eth0
::/0                           ::                         !n   -1  1      0 lo
`;

beforeAll(() => {
	writeFileSync(file("rules.v4"), recording.iptables_save_before);
	writeFileSync(file("rules.v6"), recording.ip6tables_save_before ?? "");
	writeFileSync(file("addr.json"), JSON.stringify(recording.host.ip_addr));
	writeFileSync(file("route.json"), JSON.stringify(recording.host.ip_route));
	writeFileSync(file("route6.json"), JSON.stringify(recording.host.ip_route6));
	writeFileSync(file("route-n6.txt"), routeN6);
});

const host = (route6: string) => [
	"--rules6",
	file("rules.v6"),
	"--addr",
	file("addr.json"),
	"--route",
	file("route.json"),
	"--route6",
	file(route6),
];

function run(args: readonly string[], input?: string) {
	return spawnSync(process.execPath, [cli, ...args], {
		encoding: "utf8",
		...(input === undefined ? {} : { input }),
	});
}

const packets6 = [
	"tcp [fd00:2::3]:45000 > [fd00:2::15]:8080 in eth0 syn",
	"udp [fd00:17::2]:40000 > [2001:db8::53]:53 in docker0 physin veth1",
	"icmp6 fd00:2::3 > fd00:2::15 type 128 in eth0",
	"icmpv6 fd00:2::3 > ff02::1:ff00:15 type 135 in eth0",
];

test("trace: IPv6 short forms through ip6tables; the rule quoted is the ip6tables one", () => {
	const out = execFileSync(
		process.execPath,
		[cli, "trace", file("rules.v4"), ...host("route6.json"), packets6[0] ?? ""],
		{ encoding: "utf8" },
	);
	expect(out).toContain("--to-destination [fd00:17::2]:80)");
	expect(out).not.toContain("172.17.0.2");
	expect(out).toContain(
		"DNAT: destination [fd00:2::15]:8080 → [fd00:17::2]:80",
	);
	expect(out).toContain("fate: forwarded out of docker0");
});

test("route -n -A inet6 gives the same answers as ip -j -6 route", () => {
	const traced = (route6: string) =>
		run([
			"trace",
			file("rules.v4"),
			...host(route6),
			"--json",
			"--reply",
			...packets6,
		]);
	const json = traced("route6.json");
	const routeN = traced("route-n6.txt");
	expect(json.stderr).toBe("");
	expect(routeN.stderr).toBe("");
	expect(routeN.stdout).toBe(json.stdout);
	const fates = json.stdout
		.trim()
		.split("\n")
		.map((line) => JSON.parse(line).fate.kind);
	expect(fates).toEqual([
		"forwarded",
		"forwarded",
		"forwarded",
		"forwarded",
		"delivered",
		"sent",
		"delivered",
	]);
});

test("replay: IPv4 log lines and IPv6 short forms in one stream, one conntrack table", () => {
	const ipv4 = recording.packets[0]?.packet ?? "";
	const stream = [
		ipv4,
		"tcp [fd00:2::3]:45000 > [fd00:2::15]:8080 in eth0 syn",
		"tcp [fd00:17::2]:80 > [fd00:2::3]:45000 in docker0 physin veth1 synack",
		"Dec  2 05:39:07 docker6 systemd[1]: Started Session 3.",
		"",
	].join("\n");
	const out = run(
		[
			"replay",
			"--rules",
			file("rules.v4"),
			...host("route6.json"),
			"--packets",
			"-",
		],
		stream,
	);
	const records = out.stdout
		.trim()
		.split("\n")
		.map((line) => JSON.parse(line));
	expect(records.map((r) => r.verdict ?? r.error)).toEqual([
		"forwarded",
		"forwarded",
		"forwarded",
		"no IN=... OUT= fields",
	]);
	expect(records[1].trace).toContain("nat:DOCKER:rule:2");
	// The reply is un-DNATed by the IPv6 connection: it meets no nat rule.
	expect(records[2].trace.some((t: string) => t.startsWith("nat:"))).toBe(
		false,
	);
});

test("an ip6tables-save file given as the rules is the host's IPv6 tables", () => {
	const out = run([
		"trace",
		file("rules.v6"),
		"--addr",
		file("addr.json"),
		"--route6",
		file("route6.json"),
		"--json",
		packets6[0] ?? "",
		"tcp 10.0.2.3:45000 > 10.0.2.15:8080 in eth0 syn",
	]);
	expect(out.stderr).toBe("");
	const [v6, v4] = out.stdout
		.trim()
		.split("\n")
		.map((line) => JSON.parse(line));
	expect(v6.trace).toContain("nat:DOCKER:rule:2");
	// IPv4 meets no iptables table: the IPv6 rules are never applied to it.
	expect(v4.trace).toEqual([]);
});

test("capture --rules with --rules6 and --route6: the bundle traces IPv6 as the files do", () => {
	const bundle = file("bundle");
	const made = run([
		"capture",
		"--rules",
		file("rules.v4"),
		...host("route-n6.txt"),
		"-o",
		bundle,
	]);
	expect(made.stderr).toBe("");
	expect(made.stdout).toContain("ip6tables.rules");
	expect(made.stdout).toContain("route-n6.txt");
	const fromBundle = run(["trace", "--bundle", bundle, "--json", ...packets6]);
	const fromFiles = run([
		"trace",
		file("rules.v4"),
		...host("route6.json"),
		"--json",
		...packets6,
	]);
	expect(fromBundle.stderr).toBe("");
	expect(fromBundle.stdout).toBe(fromFiles.stdout);
});
