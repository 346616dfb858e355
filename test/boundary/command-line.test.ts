/**
 * The command line: unknown options are errors (exit 2), --version, an
 * unquoted packet understood or refused in one line, a ruleset with a jump
 * loop refused by every simulating command (the kernel refuses to load it),
 * and `replay --format messages` keeping the log's own stamps.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { packetArguments } from "../../source/cli/trace.js";
import { runCli, stackTrace } from "../helpers/run-cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "iptx-cmdline-"));
const rulesFile = path.join(dir, "r.rules");
writeFileSync(
	rulesFile,
	'*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j LOG --log-prefix "ssh "\nCOMMIT\n',
);
const loopFile = path.join(dir, "loop.rules");
writeFileSync(
	loopFile,
	"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n",
);
const addrFile = path.join(dir, "addr.json");
writeFileSync(
	addrFile,
	JSON.stringify([
		{
			ifindex: 1,
			ifname: "lo",
			flags: ["LOOPBACK", "UP"],
			addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8 }],
		},
		{
			ifindex: 2,
			ifname: "eth0",
			flags: ["UP"],
			addr_info: [{ family: "inet", local: "10.0.0.1", prefixlen: 24 }],
		},
	]),
);
const routeFile = path.join(dir, "route.txt");
writeFileSync(
	routeFile,
	"10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1\n",
);
const host = ["--addr", addrFile, "--route", routeFile];
const logLine =
	"IN=eth0 OUT= MAC= SRC=10.0.0.2 DST=10.0.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=5 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0";
const packetsFile = path.join(dir, "p.log");
writeFileSync(
	packetsFile,
	`Mar  3 04:05:06 gw kernel: [  100.000000] ${logLine}\nnot a packet\nDec 24 23:59:58 gw kernel: ${logLine}\n`,
);

describe("options", () => {
	test.each([
		[["--foo"], "iptx: unknown option --foo"],
		[["check", "--bogus", rulesFile], "iptx check: unknown option --bogus"],
		[
			["trace", "--bogus", rulesFile, "tcp 1.1.1.1:1 > 2.2.2.2:2"],
			"iptx trace: unknown option --bogus",
		],
		[
			["replay", "--rule", rulesFile, "--fromat", "text"],
			"unknown option --fromat",
		],
		[["capture", "--rules", rulesFile, "--out", dir], "unknown option --out"],
		[["--sample", "docker-seed", "-x"], "unknown option -x"],
	])("%j is an error with exit 2", (args, says) => {
		const run = runCli(args);
		expect(run.status).toBe(2);
		expect(run.stderr.split("\n")[0]).toContain(says);
		expect(run.stdout).toBe("");
	});

	test("--version prints the version", () => {
		const run = runCli(["--version"]);
		expect(run.status).toBe(0);
		expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
	});

	test("a value that starts with a dash is a value", () => {
		const run = runCli([
			"replay",
			"--rules",
			rulesFile,
			"--packets",
			packetsFile,
			"--uid",
			"-1",
		]);
		expect(run.stderr).not.toContain("unknown option");
	});
});

describe("a packet given to trace unquoted", () => {
	test("log notation in separate words is one packet", () => {
		const words = logLine.split(" ");
		expect(packetArguments(words)).toEqual({ ok: true, specs: [logLine] });
		const run = runCli(["trace", rulesFile, ...host, ...words]);
		expect(run.status).toBe(0);
		expect(run.stdout).toContain("LOG: ssh ");
	});

	test("short form whose > the shell took is refused in one line", () => {
		const run = runCli([
			"trace",
			rulesFile,
			"tcp",
			"10.0.0.2:5",
			"in",
			"eth0",
			"syn",
		]);
		expect(run.status).toBe(2);
		expect(run.stderr.split("\n")[0]).toContain(
			"give each PACKET as one quoted argument",
		);
	});

	test("quoted packets stay separate", () => {
		expect(
			packetArguments([
				"tcp 1.1.1.1:1 > 2.2.2.2:2",
				"udp 1.1.1.1:1 > 2.2.2.2:2",
			]),
		).toEqual({
			ok: true,
			specs: ["tcp 1.1.1.1:1 > 2.2.2.2:2", "udp 1.1.1.1:1 > 2.2.2.2:2"],
		});
	});
});

describe("a jump loop is refused before any packet runs", () => {
	test.each([
		["trace", ["trace", loopFile, "tcp 10.0.0.2:5 > 10.0.0.1:22 in eth0 syn"]],
		["replay", ["replay", "--rules", loopFile, "--packets", packetsFile]],
		["explorer", [loopFile]],
	])("%s", (_name, args) => {
		const run = runCli(args, { timeout: 30_000 });
		expect(run.timedOut).toBe(false);
		expect(run.status).toBe(2);
		expect(run.stderr).toContain("the kernel refuses this ruleset (ELOOP");
		expect(run.stderr).toContain("filter table: A → B → A");
		expect(run.stderr).toContain(`${loopFile}:9: -A B -j A`);
		expect(run.stderr).not.toMatch(stackTrace);
	});

	test("check names the same loop", () => {
		const run = runCli(["check", loopFile]);
		expect(run.status).toBe(1);
		expect(run.stdout).toContain("loop of jumps A → B → A");
	});
});

describe("replay --format messages", () => {
	test("keeps the log's own stamps; unreadable lines go to stderr, exit 1", () => {
		const run = runCli([
			"replay",
			"--rules",
			rulesFile,
			"--packets",
			packetsFile,
			"--format",
			"messages",
			"--start",
			"2025-01-01T00:00:00Z",
			"--hostname",
			"gw",
			...host,
		]);
		expect(run.status).toBe(1);
		// The kernel ends a LOG line with a space.
		expect(run.stdout).toBe(
			`Mar  3 04:05:06 gw kernel: ssh ${logLine} \nDec 24 23:59:58 gw kernel: ssh ${logLine} \n`,
		);
		expect(run.stderr).toBe(
			"iptx replay: line 2: cannot read the packet (column 1): no IN=... OUT= fields\n",
		);
	});
});
