#!/usr/bin/env node
/**
 * Parser benchmark (issue #2): time and peak RSS of `parseRuleset` on a
 * kube-proxy ruleset (default: 10,000 services ≈ 115,000 rules, 16 MB), and
 * the ratio against `iptables-legacy-restore --test` on the same file, on the
 * same machine, in the same run. The two alternate run by run so that load
 * from other processes falls on both; the report gives medians.
 *
 * iptx runs in a fresh node process per run, so its peak RSS is the parser's
 * alone. "parse" is reading, decoding and parsing the file inside that
 * process; "process" is the whole process (node start-up and module loading
 * included), which is what the iptables-restore figure is.
 * iptables-legacy-restore runs in a throw-away network namespace, and only
 * when we are root and the binary and `ip` exist; otherwise the script says so.
 *
 * Usage: npm run build && node scripts/bench-parse.mjs [FILE] [--runs N]
 * (IPTX_DIST=DIR uses another build output directory; default 5 runs.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt === -1 ? 5 : Math.max(1, Number(args[runsAt + 1]));
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

const haveTime = existsSync("/usr/bin/time");

/** Runs a command, with `/usr/bin/time -f "%M %e"` around it when available. */
function timed(command, commandArgs, options) {
	const start = performance.now();
	const out = haveTime
		? spawnSync("/usr/bin/time", ["-f", "%M %e", command, ...commandArgs], {
				...options,
				encoding: "utf8",
				maxBuffer: 1 << 26,
			})
		: spawnSync(command, commandArgs, {
				...options,
				encoding: "utf8",
				maxBuffer: 1 << 26,
			});
	const wallS = (performance.now() - start) / 1000;
	const last = haveTime ? out.stderr.trim().split("\n").pop() : "";
	const rssKb = haveTime ? Number(last.split(" ")[0]) : Number.NaN;
	return { out, wallS, rssMb: rssKb / 1024 };
}

/** One parse in a fresh node process. */
function parseOnce() {
	const script = `
		import { readFileSync } from "node:fs";
		import { parseRuleset } from ${JSON.stringify(entry)};
		const start = performance.now();
		const text = new TextDecoder().decode(readFileSync(${JSON.stringify(file)}));
		const result = parseRuleset(text, { source: "bench" });
		const ms = performance.now() - start;
		console.log(JSON.stringify({
			ms,
			rules: result.ruleset.ruleCount,
			diagnostics: result.diagnostics.length,
			maxRssMb: process.resourceUsage().maxRSS / 1024,
		}));
	`;
	const { out, wallS, rssMb } = timed(process.execPath, [
		"--input-type=module",
		"-e",
		script,
	]);
	if (out.status !== 0) {
		console.error(out.stderr);
		process.exit(1);
	}
	const stats = JSON.parse(out.stdout.trim().split("\n").pop());
	return {
		...stats,
		wallS,
		rssMb: Number.isNaN(rssMb) ? stats.maxRssMb : rssMb,
	};
}

function restoreOnce() {
	const ns = `iptx-bench-${process.pid}`;
	const added = spawnSync("ip", ["netns", "add", ns]);
	if (added.status !== 0) return undefined;
	try {
		const { out, wallS, rssMb } = timed(
			"ip",
			["netns", "exec", ns, "iptables-legacy-restore", "--test"],
			{ input: readFileSync(file) },
		);
		return { status: out.status, wallS, rssMb };
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
	}
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1
		? sorted[mid]
		: (sorted[mid - 1] + sorted[mid]) / 2;
}

const canRestore =
	process.getuid?.() === 0 &&
	spawnSync("sh", ["-c", "command -v iptables-legacy-restore && command -v ip"])
		.status === 0;

console.log(`file: ${file}, ${runs} runs`);
if (!canRestore)
	console.log(
		"iptables-legacy-restore --test not measured: needs root, `ip netns` and iptables-legacy-restore",
	);

const parses = [];
const restores = [];
for (let run = 1; run <= runs; run++) {
	const parse = parseOnce();
	parses.push(parse);
	let line = `run ${run}: iptx parse ${parse.ms.toFixed(0)} ms, process ${parse.wallS.toFixed(2)} s, peak RSS ${parse.rssMb.toFixed(0)} MB (${parse.rules} rules, ${parse.diagnostics} diagnostics)`;
	if (canRestore) {
		const restore = restoreOnce();
		if (restore) {
			restores.push(restore);
			line += `; iptables-legacy-restore --test ${restore.wallS.toFixed(2)} s (exit ${restore.status}), peak RSS ${restore.rssMb.toFixed(0)} MB`;
		}
	}
	console.log(line);
}

const parseS = median(parses.map((p) => p.ms)) / 1000;
const processS = median(parses.map((p) => p.wallS));
const iptxRss = median(parses.map((p) => p.rssMb));
console.log(
	`median iptx: parse ${parseS.toFixed(3)} s, process ${processS.toFixed(3)} s, peak RSS ${iptxRss.toFixed(0)} MB`,
);
if (restores.length > 0) {
	const restoreS = median(restores.map((r) => r.wallS));
	const restoreRss = median(restores.map((r) => r.rssMb));
	console.log(
		`median iptables-legacy-restore --test: ${restoreS.toFixed(3)} s, peak RSS ${restoreRss.toFixed(0)} MB`,
	);
	console.log(
		`ratio (iptables-restore time / iptx time): parse ${(restoreS / parseS).toFixed(2)}x, whole process ${(restoreS / processS).toFixed(2)}x; target ≥ 2x`,
	);
}
