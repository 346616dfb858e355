#!/usr/bin/env node
/**
 * Parser benchmark: time and peak RSS of `parseRuleset` on a kube-proxy
 * ruleset (default: 10,000 services ≈ 115,000 rules, 16 MB), and the ratio
 * against `iptables-legacy-restore --test` on the same file when that binary
 * is available and we are root (it runs in a throw-away network namespace).
 *
 * Usage: npm run build && node scripts/bench-parse.mjs [FILE] [--runs N]
 * (IPTX_DIST=DIR uses another build output directory.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt === -1 ? 3 : Number(args[runsAt + 1]);
const file =
	args.find((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--runs") ??
	"/tmp/kube.rules";

if (!existsSync(file)) {
	const generator = join(root, "..", "shared", "bench", "gen-kube-proxy.py");
	console.log(`generating ${file} with ${generator} 10000`);
	writeFileSync(
		file,
		execFileSync("python3", [generator, "10000"], { maxBuffer: 1 << 30 }),
	);
}

const dist = process.env.IPTX_DIST ?? join(root, "dist");
const entry = join(dist, "engine", "parse", "parse-ruleset.js");
if (!existsSync(entry)) {
	console.error("dist/ is missing: run `npm run build` first");
	process.exit(2);
}

/** One parse in a fresh node process, so peak RSS is the parser's alone. */
function parseOnce() {
	const script = `
		import { readFileSync } from "node:fs";
		import { parseRuleset } from ${JSON.stringify(entry)};
		const start = performance.now();
		const text = new TextDecoder().decode(readFileSync(${JSON.stringify(file)}));
		const result = parseRuleset(text, { source: "bench" });
		const ms = performance.now() - start;
		console.log(JSON.stringify({ ms, rules: result.ruleset.ruleCount, diagnostics: result.diagnostics.length }));
	`;
	const out = spawnSync(
		"/usr/bin/time",
		["-f", "%M %e", process.execPath, "--input-type=module", "-e", script],
		{ encoding: "utf8", maxBuffer: 1 << 26 },
	);
	const stats = JSON.parse(out.stdout.trim().split("\n").pop());
	const [rssKb, wall] = out.stderr
		.trim()
		.split("\n")
		.pop()
		.split(" ")
		.map(Number);
	return { ...stats, rssMb: rssKb / 1024, wallS: wall };
}

function restoreOnce() {
	const ns = `iptx-bench-${process.pid}`;
	spawnSync("ip", ["netns", "add", ns]);
	try {
		const input = readFileSync(file);
		const out = spawnSync(
			"/usr/bin/time",
			[
				"-f",
				"%M %e",
				"ip",
				"netns",
				"exec",
				ns,
				"iptables-legacy-restore",
				"--test",
			],
			{ input, encoding: "utf8", maxBuffer: 1 << 26 },
		);
		const [rssKb, wall] = out.stderr
			.trim()
			.split("\n")
			.pop()
			.split(" ")
			.map(Number);
		return { status: out.status, rssMb: rssKb / 1024, wallS: wall };
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
	}
}

const canRestore =
	process.getuid?.() === 0 &&
	spawnSync("sh", ["-c", "command -v iptables-legacy-restore && command -v ip"])
		.status === 0 &&
	existsSync("/usr/bin/time");

console.log(`file: ${file}`);
for (let run = 1; run <= runs; run++) {
	const parse = parseOnce();
	const line = `run ${run}: iptx parse ${parse.ms.toFixed(0)} ms (process ${parse.wallS.toFixed(2)} s), peak RSS ${parse.rssMb.toFixed(0)} MB, ${parse.rules} rules, ${parse.diagnostics} diagnostics`;
	if (!canRestore) {
		console.log(
			`${line}; iptables-restore --test not measured (needs root, ip netns and iptables-legacy-restore)`,
		);
		continue;
	}
	const restore = restoreOnce();
	const ratio = restore.wallS / parse.wallS;
	console.log(
		`${line}; iptables-legacy-restore --test ${restore.wallS.toFixed(2)} s (exit ${restore.status}), peak RSS ${restore.rssMb.toFixed(0)} MB; iptx is ${ratio.toFixed(2)}x as fast (whole process)`,
	);
}
