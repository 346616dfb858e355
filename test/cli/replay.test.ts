/**
 * `iptx replay` end to end: the built CLI on a kernel recording, in each
 * output format, reading packets from a file or standard input.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, expect, test } from "vitest";
import { readRecording } from "../helpers/recording.js";

const root = path.join(import.meta.dirname, "..", "..");
const cli = path.join(root, "dist", "cli.js");
const recording = readRecording("scenarios/docker-seed");
const dir = mkdtempSync(path.join(tmpdir(), "iptx-replay-"));
const files = {
	rules: path.join(dir, "rules.v4"),
	addr: path.join(dir, "addr.json"),
	route: path.join(dir, "route.json"),
	packets: path.join(dir, "packets.log"),
};
const packetLines = recording.packets
	.map((p) => `[${p.time.toFixed(6).padStart(12)}] ${p.packet}\n`)
	.join("");

beforeAll(() => {
	writeFileSync(files.rules, recording.iptables_save_before);
	writeFileSync(files.addr, JSON.stringify(recording.host.ip_addr));
	writeFileSync(files.route, JSON.stringify(recording.host.ip_route));
	writeFileSync(files.packets, packetLines);
});

function replay(args: readonly string[], input?: string): string {
	return execFileSync(
		process.execPath,
		[
			cli,
			"replay",
			"--rules",
			files.rules,
			"--addr",
			files.addr,
			"--route",
			files.route,
			...args,
		],
		{ encoding: "utf8", ...(input === undefined ? {} : { input }) },
	);
}

test("jsonl: one object per packet with the kernel's TRACE events and LOG lines", () => {
	const lines = replay(["--packets", files.packets]).trim().split("\n");
	expect(lines).toHaveLength(recording.packets.length);
	const first = JSON.parse(lines[0] ?? "{}");
	expect(first.trace).toEqual([
		"nat:PREROUTING:policy:2",
		"filter:FORWARD:rule:1",
		"filter:FORWARD:rule:4",
		"nat:POSTROUTING:rule:1",
	]);
	expect(first.log).toEqual(recording.packets[0]?.logs);
});

test("packets from standard input give the same answer", () => {
	expect(replay(["--packets", "-"], packetLines)).toBe(
		replay(["--packets", files.packets]),
	);
});

test("messages: /var/log/messages lines from the given start time", () => {
	const out = replay([
		"--packets",
		files.packets,
		"--format",
		"messages",
		"--hostname",
		"maddog",
		"--start",
		"2017-07-25T03:54:35Z",
	]);
	const lines = out.trim().split("\n");
	expect(lines).toHaveLength(5);
	expect(lines[0]).toMatch(
		/^Jul 25 03:54:35 maddog kernel: IN=docker0 OUT=eth0 PHYSIN=veth1 /,
	);
});

test("text: the fate and the events of each packet", () => {
	const out = replay(["--packets", files.packets, "--format", "text"]);
	expect(out).toContain("#1 forwarded out of eth0\n  nat:PREROUTING:policy:2");
});

test("standard input streams: a packet's answer comes before the input ends", async () => {
	const child = spawn(
		process.execPath,
		[
			cli,
			"replay",
			"--rules",
			files.rules,
			"--addr",
			files.addr,
			"--route",
			files.route,
			"--packets",
			"-",
		],
		{ stdio: ["pipe", "pipe", "inherit"] },
	);
	const firstLine = new Promise<string>((resolve) => {
		let text = "";
		child.stdout.on("data", (chunk: Buffer) => {
			text += chunk.toString();
			if (text.includes("\n")) resolve(text.slice(0, text.indexOf("\n")));
		});
	});
	// Enough lines to pass the bridge-port lookahead, then wait with stdin open.
	const lines = packetLines.split("\n").filter(Boolean);
	const repeated = Array.from(
		{ length: 10_000 / lines.length + 1 },
		() => lines,
	).flat();
	child.stdin.write(`${repeated.join("\n")}\n`);
	const first = JSON.parse(await firstLine);
	expect(first.n).toBe(1);
	child.stdin.end();
	await new Promise((resolve) => child.on("close", resolve));
});

test("a line over the length bound is reported, not read", () => {
	const long = `IN=eth0 OUT= ${"X".repeat(70_000)}`;
	// An unreadable line makes the exit status 1: execFileSync throws with the output.
	let stdout = "";
	try {
		replay(["--packets", "-"], `${long}\n${packetLines}`);
	} catch (error) {
		expect((error as { status: number }).status).toBe(1);
		stdout = String((error as { stdout: string }).stdout);
	}
	const out = stdout.split("\n");
	expect(JSON.parse(out[0] ?? "{}")).toEqual({
		n: 1,
		line: 1,
		error: "line of 70013 characters is too long",
		column: 1,
	});
	expect(JSON.parse(out[1] ?? "{}").n).toBe(2);
});
