#!/usr/bin/env node
/**
 * The explorer tried as a new user would, in a real terminal (tmux): at
 * 80x24 and 160x50, on the docker-seed sample, a 115k-rule kube-proxy
 * bundle and a bare third-party ruleset; every screen is saved. In the same
 * run it measures the time to the first screen and per-key latency on the
 * kube bundle for this build and for a previous one (--base DIR: a built
 * checkout, e.g. main at 23165aa). Needs tmux and `npm run build`.
 *
 * Usage: node scripts/walk-tui.mjs [--base DIR] [--out DIR] [--services N]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
	options: {
		base: { type: "string" },
		out: { type: "string", default: "/tmp/iptx-walk" },
		services: { type: "string", default: "10000" },
		keys: { type: "string", default: "12" },
	},
});
const here = path.resolve(import.meta.dirname, "..");
const out = path.resolve(args.out);
mkdirSync(out, { recursive: true });
const session = `iptx-walk-${process.pid}`;
const tmux = (...argv) =>
	execFileSync("tmux", argv, { encoding: "utf8", maxBuffer: 1 << 24 });
const screen = () => tmux("capture-pane", "-t", session, "-p");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the screen (every 5 ms) until `test` holds; returns ms waited. */
async function until(test, timeoutMs = 120_000) {
	const start = performance.now();
	while (performance.now() - start < timeoutMs) {
		if (test(screen())) return performance.now() - start;
		await sleep(5);
	}
	throw new Error(`walk: timed out; screen:\n${screen()}`);
}

async function start(dist, target, columns, rows) {
	try {
		tmux("kill-session", "-t", session);
	} catch {}
	const command = `cd ${here} && env LANG=C.UTF-8 TERM=xterm-256color node ${dist}/cli.js ${target}; sleep 600`;
	const began = performance.now();
	tmux(
		"new-session",
		"-d",
		"-s",
		session,
		"-x",
		String(columns),
		"-y",
		String(rows),
		command,
	);
	await until((s) => /^iptx\s/.test(s));
	return performance.now() - began;
}

function save(name) {
	const text = screen();
	writeFileSync(path.join(out, `${name}.txt`), text);
	return text;
}

async function keys(...list) {
	for (const key of list) {
		tmux(
			"send-keys",
			"-t",
			session,
			...(key.startsWith("-l ") ? ["-l", key.slice(3)] : [key]),
		);
		await sleep(60);
	}
}

/** Sends `key` and waits for the screen to change: the key's latency as a user sees it. */
async function latency(key) {
	const before = screen();
	tmux("send-keys", "-t", session, key);
	return until((s) => s !== before, 30_000);
}

const median = (list) =>
	[...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? NaN;

function kubeBundle() {
	const dir = path.join(out, "kube-bundle");
	if (existsSync(path.join(dir, "iptables.rules"))) return dir;
	mkdirSync(dir, { recursive: true });
	const generator =
		process.env.IPTX_KUBE_GEN ?? "/work/shared/bench/gen-kube-proxy.py";
	writeFileSync(
		path.join(dir, "iptables.rules"),
		execFileSync("python3", [generator, args.services], { maxBuffer: 1 << 30 }),
	);
	writeFileSync(
		path.join(dir, "ip-addr.txt"),
		"2: eth0: <UP> mtu 1500\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0\n3: cni0: <UP> mtu 1450\n    link/ether 9e:1c:4b:7a:20:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.244.255.1/16 scope global cni0\n",
	);
	writeFileSync(
		path.join(dir, "ip-route.txt"),
		"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 scope link src 10.0.2.15\n10.244.0.0/16 dev cni0 scope link src 10.244.255.1\n",
	);
	writeFileSync(
		path.join(dir, "bundle.json"),
		JSON.stringify({
			format: "iptx-bundle/1",
			hostname: "kube-walk",
			packets: ["tcp 10.0.2.3:40001 > 10.0.2.15:39999 in eth0 syn"],
		}),
	);
	return dir;
}

async function walkSample(size) {
	const [c, r] = size;
	await start("dist", "", c, r);
	save(`sample-${c}x${r}-1-start`);
	await keys("Enter");
	save(`sample-${c}x${r}-2-run`);
	await keys("BTab", "k", "k", "k", "k", "k", "k", "Enter");
	save(`sample-${c}x${r}-3-path-nat-DOCKER`);
	await keys("Escape", "R", "[");
	save(`sample-${c}x${r}-4-history`);
	await keys("?");
	save(`sample-${c}x${r}-5-help`);
	await keys("Escape", "p");
	save(`sample-${c}x${r}-6-builder`);
	await keys("Escape", "q");
}

async function walkBare(size) {
	const [c, r] = size;
	const file =
		process.env.IPTX_WALK_RULES ??
		"/work/shared/rulesets/docker/docker-28-tailscale-internal-net-2026.rules";
	if (!existsSync(file)) {
		console.log(`SKIP bare third-party ruleset: ${file} is absent`);
		return;
	}
	await start("dist", file, c, r);
	save(`bare-${c}x${r}-1-assumed-host`);
	await keys("Escape", "p");
	save(`bare-${c}x${r}-2-builder`);
	await keys("Escape", "q");
}

async function measure(dist, label, bundle) {
	const first = await start(dist, bundle, 160, 50);
	save(`kube-${label}-160x50-1-first`);
	const steps = [];
	for (let i = 0; i < Number(args.keys); i++) steps.push(await latency("n"));
	const rows = [];
	for (let i = 0; i < Number(args.keys); i++) rows.push(await latency("j"));
	save(`kube-${label}-160x50-2-after-keys`);
	await keys("Enter");
	await sleep(500);
	save(`kube-${label}-160x50-3-run`);
	await keys("q");
	return {
		label,
		firstScreenMs: Math.round(first),
		stepMedianMs: Math.round(median(steps)),
		rowMedianMs: Math.round(median(rows)),
	};
}

try {
	for (const size of [
		[80, 24],
		[160, 50],
	]) {
		await walkSample(size);
		await walkBare(size);
	}
	const bundle = kubeBundle();
	const results = [];
	// Alternate builds so machine load hits both alike.
	for (let round = 0; round < 2; round++) {
		results.push(await measure("dist", `this-${round}`, bundle));
		if (args.base)
			results.push(
				await measure(path.join(args.base, "dist"), `base-${round}`, bundle),
			);
	}
	writeFileSync(
		path.join(out, "measure.json"),
		`${JSON.stringify(results, null, 2)}\n`,
	);
	console.log(JSON.stringify(results, null, 2));
	console.log(`screens in ${out}`);
} finally {
	try {
		tmux("kill-session", "-t", session);
	} catch {}
}
