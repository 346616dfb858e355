/**
 * What iptx reads: only regular files (stdin aside), never blocking, never
 * endless, and a bundle's files never through a link. Each case is one
 * clear line and a non-zero exit, within a bounded time.
 */
import { execFileSync } from "node:child_process";
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	symlinkSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { readInputFile } from "../../source/cli/input-file.js";
import { type CliRun, runCli, stackTrace } from "../helpers/run-cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "iptx-inputs-"));
const rules = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
`;
const rulesFile = path.join(dir, "r.rules");
writeFileSync(rulesFile, rules);
const packetsFile = path.join(dir, "p.log");
writeFileSync(
	packetsFile,
	"IN=eth0 OUT= SRC=10.0.0.2 DST=10.0.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=5 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0\n",
);
const fifo = path.join(dir, "fifo");
execFileSync("mkfifo", [fifo]);

/** One line on stderr naming the problem, exit 2, no stack, no hang. */
function expectRefused(run: CliRun, says: string): void {
	expect(run.timedOut).toBe(false);
	expect(run.status).toBe(2);
	expect(run.stderr).toContain(says);
	expect(run.stderr.trim().split("\n")).toHaveLength(1);
	expect(run.stderr).not.toMatch(stackTrace);
}

const trace = ["trace", rulesFile, "tcp 10.0.0.2:5 > 10.0.0.1:22 in eth0 syn"];

describe("files that are not regular files are refused without blocking", () => {
	test.each([
		["check /dev/zero", ["check", "/dev/zero"], "/dev/zero: is a device"],
		["check a FIFO", ["check", fifo], "is a FIFO"],
		["check a folder", ["check", dir], "is a folder"],
		[
			"check /nonexistent",
			["check", "/nonexistent"],
			"/nonexistent: no such file",
		],
		[
			"check --ipset /dev/zero",
			["check", rulesFile, "--ipset", "/dev/zero"],
			"is a device",
		],
		[
			"trace RULES=/dev/zero",
			["trace", "/dev/zero", "tcp 1.1.1.1:1 > 2.2.2.2:2"],
			"is a device",
		],
		["trace a FIFO", ["trace", fifo, "tcp 1.1.1.1:1 > 2.2.2.2:2"], "is a FIFO"],
		[
			"trace --addr /dev/zero",
			[...trace, "--addr", "/dev/zero"],
			"is a device",
		],
		["trace --route a FIFO", [...trace, "--route", fifo], "is a FIFO"],
		[
			"trace --rule /dev/zero",
			[...trace, "--rule", "/dev/zero"],
			"is a device",
		],
		[
			"trace --ipset /dev/zero",
			[...trace, "--ipset", "/dev/zero"],
			"is a device",
		],
		[
			"replay --packets /dev/zero",
			["replay", "--rules", rulesFile, "--packets", "/dev/zero"],
			"is a device",
		],
		[
			"replay --packets a FIFO",
			["replay", "--rules", rulesFile, "--packets", fifo],
			"is a FIFO",
		],
		["explorer /dev/zero", ["/dev/zero"], "is a device"],
	])("%s", (_name, args, says) => {
		expectRefused(runCli(args), says);
	});
});

describe("bundles hold regular files only", () => {
	const secret = path.join(dir, "shadow");
	writeFileSync(
		secret,
		"root:$6$SECRETHASHSECRETHASH:19000:0:99999:7:::\nadmin:$6$OTHERHASH:19000:0:99999:7:::\n",
	);
	function bundle(name: string, link: string): string {
		const folder = path.join(dir, name);
		mkdirSync(folder);
		symlinkSync(link, path.join(folder, "iptables.rules"));
		return folder;
	}

	test("a rules file linked to a secret is refused, its lines never shown", () => {
		const folder = bundle("to-shadow", secret);
		for (const args of [
			[folder],
			["trace", "--bundle", folder, "tcp 1.1.1.1:1 > 2.2.2.2:2"],
			["replay", "--bundle", folder, "--packets", packetsFile],
		]) {
			const result = runCli(args);
			expectRefused(result, "symbolic link");
			expect(result.stdout + result.stderr).not.toContain("SECRETHASH");
			expect(result.stdout + result.stderr).not.toContain("admin");
		}
	});

	test("a host file linked to /dev/zero is refused at once", () => {
		const folder = path.join(dir, "to-zero");
		mkdirSync(folder);
		writeFileSync(path.join(folder, "iptables.rules"), rules);
		symlinkSync("/dev/zero", path.join(folder, "ip-addr.json"));
		expectRefused(runCli([folder]), "symbolic link");
	});
});

describe("reads are bounded", () => {
	test("a file past the limit is refused with the limit named", () => {
		const big = path.join(dir, "big");
		writeFileSync(big, "x".repeat(2048));
		expect(readInputFile(big, { limit: 1024 })).toEqual({
			ok: false,
			error: `${big}: larger than 1024 bytes, the most iptx reads from one file`,
		});
		expect(readInputFile(big, { limit: 4096 })).toMatchObject({ ok: true });
	});

	test("replay reports an over-long line on stderr and goes on", () => {
		const file = path.join(dir, "long.log");
		writeFileSync(
			file,
			`${"A".repeat(70 * 1024)}\n${readFileSync(packetsFile, "utf8")}`,
		);
		const run = runCli([
			"replay",
			"--rules",
			rulesFile,
			"--packets",
			file,
			"--format",
			"text",
		]);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain("line 1: cannot read the packet");
		expect(run.stderr).toContain("is too long");
		expect(run.stdout).toContain("#2 ");
	});
});
