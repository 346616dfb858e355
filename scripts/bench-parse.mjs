#!/usr/bin/env node
/**
 * Parser benchmark (issue #2): time and peak RSS of `parseRuleset` on a
 * kube-proxy ruleset (default: 10,000 services ≈ 115,000 rules, 16 MB), and
 * the ratios against `iptables-restore --test` (the system's, nft on Debian
 * 12) and `iptables-legacy-restore --test` on the same file, on the same
 * machine, in the same run. They alternate run by run so that load from
 * other processes falls on all; the report gives medians.
 *
 * iptx runs in a fresh node process per run, so its peak RSS is the parser's
 * alone. "parse" is reading, decoding and parsing the file inside that
 * process; "process" is the whole process (node start-up and module loading
 * included), which is what the iptables-restore figure is.
 * The restores run in a throw-away network namespace, and only when we are
 * root and the binaries and `ip` exist; otherwise the script says so.
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
const entry = join(dist, "lib", "engine.js");
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

const decodeEntry = join(dist, "cli", "decode-text.js");
const cliEntry = join(dist, "cli.js");

/**
 * One parse in a fresh node process, reading the file as the CLI does.
 * `mode`: "load" (the default parse: every line checked, rules built when
 * their chain is first read), "eager" (every rule built while reading) or
 * "built" (the default parse, then every chain's rules read).
 */
function parseOnce(mode) {
	const script = `
		import { readFileSync } from "node:fs";
		import { decodeBytes } from ${JSON.stringify(decodeEntry)};
		import { parseRuleset } from ${JSON.stringify(entry)};
		const start = performance.now();
		const { text, ascii } = decodeBytes(readFileSync(${JSON.stringify(file)}));
		const result = parseRuleset(text, { source: "bench", ascii, deferRules: ${mode !== "eager"} });
		let built = 0;
		if (${mode === "built"})
			for (const table of result.ruleset.tables.values())
				for (const chain of table.chains.values()) built += chain.rules.length;
		const ms = performance.now() - start;
		console.log(JSON.stringify({
			ms,
			rules: result.ruleset.ruleCount,
			built,
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

/**
 * `iptx check FILE`, the whole command: every line checked as it is read,
 * and the kernel's load checks (jump graph, hooks) fed from those lines,
 * without building the rules.
 */
function checkOnce() {
	const { out, wallS, rssMb } = timed(process.execPath, [
		cliEntry,
		"check",
		file,
	]);
	return { status: out.status, wallS, rssMb };
}

/** `restore --test` in a throw-away network namespace. */
function restoreOnce(restore) {
	const ns = `iptx-bench-${process.pid}`;
	const added = spawnSync("ip", ["netns", "add", ns]);
	if (added.status !== 0) return undefined;
	try {
		const { out, wallS, rssMb } = timed(
			"ip",
			["netns", "exec", ns, restore, "--test"],
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

const haveNetns =
	process.getuid?.() === 0 &&
	spawnSync("sh", ["-c", "command -v ip"]).status === 0;
/** `iptables-restore` is whatever the system's alternative is (nft on Debian 12). */
const restores = ["iptables-restore", "iptables-legacy-restore"].filter(
	(name) =>
		haveNetns && spawnSync("sh", ["-c", `command -v ${name}`]).status === 0,
);

console.log(`file: ${file}, ${runs} runs (medians; runs alternate)`);
if (restores.length === 0)
	console.log(
		"iptables-restore --test not measured: needs root, `ip netns` and iptables",
	);

const samples = { load: [], eager: [], built: [], check: [] };
const baseline = Object.fromEntries(restores.map((name) => [name, []]));
for (let run = 1; run <= runs; run++) {
	for (const mode of ["load", "eager", "built"])
		samples[mode].push(parseOnce(mode));
	samples.check.push(checkOnce());
	for (const name of restores) {
		const result = restoreOnce(name);
		if (result) baseline[name].push(result);
	}
	process.stdout.write(".");
}
console.log("");

const med = (list, key) => median(list.map((item) => item[key]));
const first = samples.load[0];
console.log(`${first.rules} rules, ${first.diagnostics} diagnostics`);
const rows = [
	[
		"iptx parse (read + check every line; rules built on first read)",
		med(samples.load, "ms") / 1000,
		med(samples.load, "wallS"),
		med(samples.load, "rssMb"),
	],
	[
		"iptx parse, every rule built while reading",
		med(samples.eager, "ms") / 1000,
		med(samples.eager, "wallS"),
		med(samples.eager, "rssMb"),
	],
	[
		"iptx parse, then every chain read",
		med(samples.built, "ms") / 1000,
		med(samples.built, "wallS"),
		med(samples.built, "rssMb"),
	],
	[
		"iptx check (whole command)",
		undefined,
		med(samples.check, "wallS"),
		med(samples.check, "rssMb"),
	],
];
for (const name of restores)
	rows.push([
		`${name} --test`,
		undefined,
		med(baseline[name], "wallS"),
		med(baseline[name], "rssMb"),
	]);
for (const [label, inProcess, wall, rss] of rows)
	console.log(
		`${label}: ${inProcess === undefined ? "" : `${inProcess.toFixed(3)} s in process, `}${wall.toFixed(3)} s whole process, peak RSS ${rss.toFixed(0)} MB`,
	);
for (const name of restores) {
	const restoreS = med(baseline[name], "wallS");
	const ratios = rows
		.slice(0, 4)
		.map(
			([label, inProcess, wall]) =>
				`${label.split(" (")[0].split(",")[0]}${label.includes("every rule built") ? " (eager)" : label.includes("every chain read") ? " (all built)" : ""}: ${inProcess === undefined ? "" : `${(restoreS / inProcess).toFixed(2)}x in process, `}${(restoreS / wall).toFixed(2)}x whole process`,
		);
	console.log(
		`ratio ${name} --test time / iptx time (target ≥ 2x for the parse):`,
	);
	for (const ratio of ratios) console.log(`  ${ratio}`);
}
