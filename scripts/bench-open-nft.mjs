#!/usr/bin/env node
/**
 * Time from `iptx RULES --nft FILE` starting in a terminal to its first
 * full screen, on a kube-proxy nftables-mode ruleset
 * (scripts/gen-kube-proxy-nft.mjs), as nft text and as `nft -j list
 * ruleset` JSON. The explorer runs in a detached tmux session (a real
 * terminal, 120x40) and the clock stops when the screen shows the
 * explorer's header line. The JSON comes from the real nft: the text is
 * loaded into a throw-away network namespace and listed (root, `ip`, `nft`;
 * at 10,000 services that takes a minute or two, so it is kept in the
 * temporary directory for the next run). Prints the load average: on a
 * shared machine it decides the wall clock.
 *
 * Usage: npm run build && node scripts/bench-open-nft.mjs [SERVICES=10000] [RUNS=3]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const services = process.argv[2] ?? "10000";
const runs = Number(process.argv[3] ?? 3);
const cli = path.join(
	process.env.IPTX_DIST ?? path.join(root, "dist"),
	"cli.js",
);
const dir = tmpdir();
/** Clock ticks per second of /proc/PID/stat (USER_HZ). */
const clockTicks = Number(
	spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim() || 100,
);
const textFile = path.join(dir, `iptx-kube-nft-${services}.nft`);
const jsonFile = path.join(dir, `iptx-kube-nft-${services}.json`);
const emptyRules = path.join(dir, "iptx-empty.rules");
writeFileSync(emptyRules, "");
writeFileSync(
	textFile,
	execFileSync(
		"node",
		[path.join(root, "scripts", "gen-kube-proxy-nft.mjs"), services],
		{
			maxBuffer: 1 << 30,
		},
	),
);

const has = (c) => spawnSync("sh", ["-c", `command -v ${c}`]).status === 0;
if (!has("tmux")) {
	console.log("skipped: needs tmux");
	process.exit(0);
}

/** `nft -j list ruleset` of the text, from the real nft in a namespace. */
function makeJson() {
	if (existsSync(jsonFile)) return true;
	if (process.getuid?.() !== 0 || !has("ip") || !has("nft")) return false;
	const ns = `iptx-open-${process.pid}`;
	spawnSync("ip", ["netns", "add", ns]);
	try {
		const load = spawnSync("ip", ["netns", "exec", ns, "nft", "-f", textFile]);
		if (load.status !== 0) return false;
		const list = spawnSync(
			"ip",
			["netns", "exec", ns, "nft", "-j", "list", "ruleset"],
			{
				maxBuffer: 1 << 30,
			},
		);
		if (list.status !== 0) return false;
		writeFileSync(jsonFile, list.stdout);
		return true;
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU milliseconds (user + system) the explorer under the tmux pane has used so far. */
function explorerCpu(session) {
	const pane = spawnSync(
		"tmux",
		["list-panes", "-t", session, "-F", "#{pane_pid}"],
		{ encoding: "utf8" },
	).stdout.trim();
	try {
		const child = readFileSync(`/proc/${pane}/task/${pane}/children`, "utf8")
			.trim()
			.split(" ")[0];
		const stat = readFileSync(`/proc/${child}/stat`, "utf8");
		// Fields after the command name: utime and stime are the 12th and 13th.
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		const ticks = Number(fields[11]) + Number(fields[12]);
		return (ticks * 1000) / clockTicks;
	} catch {
		return Number.NaN;
	}
}

/** Milliseconds to the first screen with the explorer's header, and the CPU it took. */
async function once(file) {
	const session = `iptx-open-${process.pid}`;
	const start = performance.now();
	spawnSync("tmux", [
		"new-session",
		"-d",
		"-s",
		session,
		"-x",
		"120",
		"-y",
		"40",
		`node ${cli} ${emptyRules} --nft ${file}; sleep 60`,
	]);
	try {
		while (performance.now() - start < 60_000) {
			const screen = spawnSync("tmux", ["capture-pane", "-p", "-t", session], {
				encoding: "utf8",
			}).stdout;
			if (/^iptx {2}\S/m.test(screen ?? ""))
				return { wall: performance.now() - start, cpu: explorerCpu(session) };
			await sleep(20);
		}
		throw new Error(`no first screen within 60 s for ${file}`);
	} finally {
		spawnSync("tmux", ["kill-session", "-t", session]);
	}
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label, file) {
	const runsDone = [];
	for (let i = 0; i < runs; i++) runsDone.push(await once(file));
	const wall = runsDone.map((r) => r.wall);
	const cpu = runsDone.map((r) => r.cpu);
	console.log(
		`${label}: median ${median(wall).toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms CPU (runs: ${wall.map((t) => t.toFixed(0)).join(", ")} wall; ${cpu.map((t) => t.toFixed(0)).join(", ")} CPU); load average ${loadavg()[0].toFixed(1)}`,
	);
}

console.log(
	`first screen of iptx --nft, kube-proxy nftables mode, ${services} services`,
);
await measure(`nft text ${textFile}`, textFile);
if (process.env.IPTX_BENCH_ALSO)
	await measure(process.env.IPTX_BENCH_ALSO, process.env.IPTX_BENCH_ALSO);
if (makeJson()) await measure(`nft -j JSON ${jsonFile}`, jsonFile);
else
	console.log("nft -j JSON: not measured (needs root, ip and nft to make it)");
