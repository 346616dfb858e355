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
 * shared machine it decides the wall clock, so the CPU the explorer used up
 * to its first screen (/proc/PID/stat) is printed too; then the same for a
 * one-service ruleset (what any start costs), and the engine's CPU for the
 * first packet after opening.
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

/**
 * CPU of the first packet after opening, engine only (as the explorer
 * loads: bodies read when first needed): a packet to a ClusterIP reads the
 * chains it walks and the `service-ips` map. The second packet, for scale.
 */
async function firstPacket(label, file) {
	const engine = await import(path.join(path.dirname(cli), "lib", "engine.js"));
	if (typeof engine.unreadNftChains !== "function") {
		console.log(
			`${label}: first packet not measured (a build without readRulesLater)`,
		);
		return;
	}
	const cpu = (run) => {
		const used = process.cpuUsage();
		const result = run();
		const spent = process.cpuUsage(used);
		return [result, (spent.user + spent.system) / 1000];
	};
	const read = engine.loadNft(readFileSync(file, "utf8"), {
		commitChecks: false,
		readRulesLater: true,
	});
	const empty = engine.parseRuleset("", { source: "-" }).ruleset;
	const assumed = engine.assumeHost(empty);
	const context = {
		ruleset: empty,
		ipsets: new Map(),
		nft: engine.prepareNft(read.ruleset, { ruleset: empty }),
		host: engine.createHostView(
			engine.parseHost({
				addr: assumed.addr,
				route: assumed.route,
				name: "bench",
			}).host,
		),
	};
	const spec = engine.parsePacketSpec(
		"IN=eth0 OUT= SRC=192.0.2.9 DST=10.96.0.5 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=85 WINDOW=64240 RES=0x00 SYN URGP=0",
	);
	const unread = engine.unreadNftChains(read.ruleset);
	const [, first] = cpu(() =>
		engine.simulate(context, spec.input, engine.createEngineState(1)),
	);
	const [, second] = cpu(() =>
		engine.simulate(context, spec.input, engine.createEngineState(1)),
	);
	const readNow = unread - engine.unreadNftChains(read.ruleset);
	console.log(
		`${label}: first packet ${first.toFixed(0)} ms CPU (${readNow} chains read), second ${second.toFixed(0)} ms`,
	);
}

console.log(
	`first screen of iptx --nft, kube-proxy nftables mode, ${services} services`,
);
await measure(`nft text ${textFile}`, textFile);
const hasJson = makeJson();
if (hasJson) await measure(`nft -j JSON ${jsonFile}`, jsonFile);
else
	console.log("nft -j JSON: not measured (needs root, ip and nft to make it)");
// The explorer's own start, for scale: the same ruleset with one service.
const oneFile = path.join(dir, "iptx-kube-nft-1.nft");
writeFileSync(
	oneFile,
	execFileSync("node", [
		path.join(root, "scripts", "gen-kube-proxy-nft.mjs"),
		"1",
	]),
);
await measure("one service (the explorer's own start)", oneFile);
await firstPacket("nft text", textFile);
if (hasJson) await firstPacket("nft -j JSON", jsonFile);
