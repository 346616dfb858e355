#!/usr/bin/env node
/**
 * Replays mixed Docker traffic (scripts/gen-docker-traffic.mjs) through the
 * seed ruleset with the built CLI, as a user would: `iptx replay --bundle
 * samples/docker-seed --packets -`, fed through a pipe. One run reports the
 * rate and the CLI's peak RSS at 10k, 100k, 300k and 1M packets (those up to
 * PACKETS), both since the start and over the stretch since the last
 * checkpoint, so a rate that falls as connections pile up shows, and after
 * start-up (from the first packet out: Node, loading and the ruleset are
 * paid once). Given more CLI paths (an older build's dist/cli.js), each
 * replays the same traffic in turn, so a before/after comparison is one run.
 * Usage: node scripts/bench-replay-docker.mjs [PACKETS=1000000] [SEED=1] [CLI...]
 * Needs `npm run build` first.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { dockerTraffic } from "./gen-docker-traffic.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const packets = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const checkpoints = [10_000, 100_000, 300_000, 1_000_000].filter(
	(n) => n <= packets,
);
if (checkpoints.at(-1) !== packets) checkpoints.push(packets);
const clis = process.argv.slice(4);
if (clis.length === 0) clis.push(path.join(root, "dist/cli.js"));

for (const cli of clis) {
	console.log(
		`${cli} (load average ${loadavg()
			.map((n) => n.toFixed(1))
			.join(" ")})`,
	);
	printTable(await replay(cli));
}

/** Replays the traffic through `cli`; one row per checkpoint. */
async function replay(cli) {
	const child = spawn(
		process.execPath,
		[
			cli,
			"replay",
			"--bundle",
			path.join(root, "samples/docker-seed"),
			"--packets",
			"-",
			"--format",
			"jsonl",
		],
		{ stdio: ["pipe", "pipe", "inherit"] },
	);

	/**
	 * The child's peak and current resident set and its CPU seconds, from /proc
	 * (Linux): on a shared machine CPU time measures the work, wall time also
	 * the neighbours.
	 */
	function usage() {
		try {
			const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
			const kb = (name) =>
				Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
			const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
			const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
			const ticks = Number(fields[11]) + Number(fields[12]);
			return {
				peak: kb("VmHWM") / 1024,
				now: kb("VmRSS") / 1024,
				cpu: ticks / 100,
			};
		} catch {
			return { peak: Number.NaN, now: Number.NaN, cpu: Number.NaN };
		}
	}

	const started = performance.now();
	const rows = [];
	let seen = 0;
	let last = { n: 0, at: started, cpu: 0 };
	let first;
	child.stdout.on("data", (chunk) => {
		for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
			seen++;
			if (seen === 1) first = { at: performance.now(), cpu: usage().cpu };
			if (seen !== checkpoints[rows.length]) continue;
			const at = performance.now();
			const { peak, now, cpu } = usage();
			rows.push({
				packets: seen,
				seconds: (at - started) / 1000,
				overall: Math.round((seen / (at - started)) * 1000),
				stretch: Math.round(((seen - last.n) / (at - last.at)) * 1000),
				afterStart: Math.round(((seen - 1) / (at - first.at)) * 1000),
				cpu,
				cpuOverall: Math.round(seen / cpu),
				cpuStretch: Math.round((seen - last.n) / (cpu - last.cpu)),
				cpuAfterStart: Math.round((seen - 1) / (cpu - first.cpu)),
				peak,
				now,
			});
			last = { n: seen, at, cpu };
		}
	});

	/** Writes the traffic with backpressure: waits for `drain` when the pipe is full. */
	async function feed() {
		let chunk = [];
		for (const line of dockerTraffic(packets, seed)) {
			chunk.push(line);
			if (chunk.length < 1024) continue;
			if (!child.stdin.write(`${chunk.join("\n")}\n`)) {
				await new Promise((resolve) => child.stdin.once("drain", resolve));
			}
			chunk = [];
		}
		child.stdin.end(chunk.length > 0 ? `${chunk.join("\n")}\n` : "");
	}

	await feed();
	const code = await new Promise((resolve) => child.on("close", resolve));
	if (code !== 0 || seen !== packets) {
		console.error(
			`replay exited with ${code} after ${seen} of ${packets} packets`,
		);
		process.exit(1);
	}
	return rows;
}

function printTable(rows) {
	const table = [
		[
			"packets",
			"wall s",
			"pkts/s",
			"stretch",
			"after start",
			"CPU s",
			"pkts/CPU s",
			"stretch",
			"after start",
			"peak RSS MB",
			"RSS MB",
		],
		...rows.map((r) => [
			r.packets,
			r.seconds.toFixed(1),
			r.overall,
			r.stretch,
			r.afterStart,
			r.cpu.toFixed(1),
			r.cpuOverall,
			r.cpuStretch,
			r.cpuAfterStart,
			r.peak.toFixed(0),
			r.now.toFixed(0),
		]),
	];
	for (const row of table) {
		console.log(row.map((cell) => String(cell).padStart(12)).join(""));
	}
	console.log(
		"pkts/s: since the start; stretch: since the previous row; after start: since the first packet out. CPU: the replay process's user+system time.",
	);
}
