#!/usr/bin/env node
/**
 * nft reader benchmark: time and heap of `loadNftText` (read, apply the
 * batch, commit checks) on a kube-proxy nftables-mode ruleset from
 * scripts/gen-kube-proxy-nft.mjs (default 10,000 services), and, when we are
 * root with `ip` and `nft`, the time of the real `nft -c -f` on the same file
 * in a throw-away namespace. Median of the runs.
 *
 * Usage: npm run build && node scripts/bench-nft-parse.mjs [SERVICES] [--runs N]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt === -1 ? 5 : Math.max(1, Number(args[runsAt + 1]));
const services = Number(
	args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs") ?? 10000,
);
const file = `/tmp/kube-nft-${services}.nft`;
writeFileSync(
	file,
	execFileSync(
		"node",
		[join(root, "scripts", "gen-kube-proxy-nft.mjs"), String(services)],
		{ maxBuffer: 1 << 30 },
	),
);
const text = readFileSync(file, "utf8");
const { loadNftText } = await import(join(root, "dist", "lib", "engine.js"));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = [];
const cpu = [];
let result;
for (let i = 0; i < runs; i++) {
	const start = performance.now();
	const used = process.cpuUsage();
	result = loadNftText(text, { source: file });
	const spent = process.cpuUsage(used);
	times.push(performance.now() - start);
	// CPU time too: on a shared machine the wall clock measures the neighbours.
	cpu.push((spent.user + spent.system) / 1000);
}
const tables = result.ruleset.tables;
const chains = tables.reduce((n, t) => n + t.chains.length, 0);
const rules = tables.reduce(
	(n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0),
	0,
);
console.log(
	`${file}: ${(text.length / 1e6).toFixed(1)} MB, ${chains} chains, ${rules} rules; wouldLoad=${result.wouldLoad}`,
);
console.log(
	`iptx loadNftText: median ${median(times).toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms CPU over ${runs} runs; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
);

const has = (c) => spawnSync("sh", ["-c", `command -v ${c}`]).status === 0;
if (process.getuid?.() === 0 && has("ip") && has("nft")) {
	const ns = `iptx-bench-${process.pid}`;
	spawnSync("ip", ["netns", "add", ns]);
	const real = [];
	try {
		for (let i = 0; i < Math.min(runs, 3); i++) {
			const start = performance.now();
			const out = spawnSync("ip", [
				"netns",
				"exec",
				ns,
				"nft",
				"-c",
				"-f",
				file,
			]);
			real.push(performance.now() - start);
			if (out.status !== 0) console.log(`nft -c -f refused it: ${out.stderr}`);
		}
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
	}
	console.log(
		`nft -c -f: median ${median(real).toFixed(0)} ms over ${real.length} runs`,
	);
} else console.log("nft -c -f not timed: needs root, ip and nft");
