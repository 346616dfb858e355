#!/usr/bin/env node
/**
 * Time from `iptx FILE` starting in a terminal to its first screen, as a user
 * sees it: the CLI runs under `script` (a pseudo-terminal) and the clock
 * stops when the explorer's first frame (its header line) appears. Usage:
 *   node scripts/bench-start.mjs [SERVICES=10000] [RUNS=3]
 * (IPTX_DIST=DIR runs another build output directory.)
 */
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const services = process.argv[2] ?? "10000";
const runs = Number(process.argv[3] ?? 3);
const generator = path.resolve(root, "../shared/bench/gen-kube-proxy.py");
const file = path.join(tmpdir(), `iptx-kube-${services}.rules`);
writeFileSync(
	file,
	execFileSync("python3", [generator, services], { maxBuffer: 1 << 30 }),
);

function once() {
	return new Promise((resolve, reject) => {
		const start = performance.now();
		const child = spawn(
			"script",
			[
				"-q",
				"-c",
				`node ${path.join(process.env.IPTX_DIST ?? path.join(root, "dist"), "cli.js")} ${file}`,
				"/dev/null",
			],
			{ env: { ...process.env, COLUMNS: "80", LINES: "24" } },
		);
		let seen = "";
		child.stdout.on("data", (chunk) => {
			seen += chunk.toString();
			if (/iptx {2}\S/.test(seen)) {
				const ms = performance.now() - start;
				child.kill("SIGKILL");
				resolve(ms);
			}
		});
		child.on("error", reject);
		setTimeout(() => {
			child.kill("SIGKILL");
			reject(new Error("no first screen within 30 s"));
		}, 30_000).unref();
	});
}

const times = [];
for (let i = 0; i < runs; i++) times.push(await once());
times.sort((a, b) => a - b);
console.log(
	`first screen of iptx on ${services}-service kube-proxy ruleset: median ${times[Math.floor(times.length / 2)].toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(", ")})`,
);
