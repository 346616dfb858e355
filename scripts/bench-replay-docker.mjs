#!/usr/bin/env node
/**
 * Replays mixed Docker traffic (scripts/gen-docker-traffic.mjs) through the
 * seed ruleset with the built CLI, as a user would: `iptx replay --bundle
 * samples/docker-seed --packets -`, fed through a pipe. One run reports the
 * rate and the CLI's peak RSS at 10k, 100k and 1M packets (those up to
 * PACKETS), both since the start and over the stretch since the last
 * checkpoint, so a rate that falls as connections pile up shows.
 * Usage: node scripts/bench-replay-docker.mjs [PACKETS=1000000] [SEED=1]
 * Needs `npm run build` first.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { dockerTraffic } from "./gen-docker-traffic.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const packets = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const checkpoints = [10_000, 100_000, 1_000_000].filter((n) => n <= packets);
if (checkpoints.at(-1) !== packets) checkpoints.push(packets);

const child = spawn(
	process.execPath,
	[
		path.join(root, "dist/cli.js"),
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

/** The child's peak and current resident set, from /proc (Linux). */
function memory() {
	try {
		const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
		const kb = (name) =>
			Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
		return { peak: kb("VmHWM") / 1024, now: kb("VmRSS") / 1024 };
	} catch {
		return { peak: Number.NaN, now: Number.NaN };
	}
}

const started = performance.now();
const rows = [];
let seen = 0;
let last = { n: 0, at: started };
child.stdout.on("data", (chunk) => {
	for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
		seen++;
		if (seen !== checkpoints[rows.length]) continue;
		const at = performance.now();
		const { peak, now } = memory();
		rows.push({
			packets: seen,
			seconds: (at - started) / 1000,
			overall: Math.round((seen / (at - started)) * 1000),
			stretch: Math.round(((seen - last.n) / (at - last.at)) * 1000),
			peak,
			now,
		});
		last = { n: seen, at };
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
console.log(
	"packets     seconds  pkts/s overall  pkts/s stretch  peak RSS MB  RSS MB",
);
for (const row of rows) {
	console.log(
		`${String(row.packets).padStart(9)}  ${row.seconds.toFixed(1).padStart(8)}  ${String(row.overall).padStart(14)}  ${String(row.stretch).padStart(14)}  ${row.peak.toFixed(0).padStart(11)}  ${row.now.toFixed(0).padStart(6)}`,
	);
}
