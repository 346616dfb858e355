#!/usr/bin/env node
/**
 * Replays N packets through a kube-proxy-shaped ruleset and reports packets
 * per second. Usage: node scripts/bench-replay.mjs [SERVICES=10000] [PACKETS=10000]
 * Needs `npm run build` first and python3 for the generator in ../shared/bench.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const engine = await import(path.join(root, "dist/engine/index.js"));
const services = Number(process.argv[2] ?? 10_000);
const packets = Number(process.argv[3] ?? 10_000);
const generator = path.resolve(root, "../shared/bench/gen-kube-proxy.py");
if (!existsSync(generator)) {
	console.log(`skipped: ${generator} is absent`);
	process.exit(0);
}
const rules = execFileSync("python3", [generator, String(services)], {
	maxBuffer: 1 << 30,
	encoding: "utf8",
});

let t = performance.now();
const { ruleset } = engine.parseRuleset(rules, { source: "kube.rules" });
const parseMs = performance.now() - t;
const { host } = engine.parseHost({
	addr: "1: lo: <LOOPBACK,UP> mtu 65536\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,UP> mtu 1500\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0\n3: cni0: <BROADCAST,UP> mtu 1500\n    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff\n    inet 10.244.0.1/16 brd 10.244.255.255 scope global cni0\n",
	route:
		"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n10.244.0.0/16 dev cni0 proto kernel scope link src 10.244.0.1\n",
});
const context = { ruleset, host: engine.createHostView(host) };

// Packets to cluster IPs spread over the services (SYN then ACK), as seen on eth0.
const lines = [];
for (let i = 0; i < packets; i++) {
	const svc = (i * 7919) % services;
	const dst = `10.96.${Math.floor(svc / 256)}.${svc % 256}`;
	const sport = 30000 + (i % 20000);
	const flags = i % 2 === 0 ? "SYN" : "ACK";
	lines.push(
		`[${(i / 1000).toFixed(6).padStart(12)}] IN=eth0 OUT= MAC=02:00:00:00:00:01:02:00:00:00:00:09:08:00 SRC=10.0.2.${3 + (i % 50)} DST=${dst} LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=${i & 0xffff} DF PROTO=TCP SPT=${sport} DPT=${80 + (svc % 1000)} SEQ=${1000 + i} ACK=0 WINDOW=64240 RES=0x00 ${flags} URGP=0`,
	);
}
let state = engine.createEngineState();
t = performance.now();
let events = 0;
for (const line of lines) {
	const parsed = engine.parseLogPacket(line);
	if (!parsed.ok) throw new Error(parsed.error);
	const result = engine.simulate(context, parsed.input, state, {
		followLoopback: false,
		detail: "events",
	});
	state = result.state;
	events += result.trace.events.length;
}
const replayMs = performance.now() - t;
console.log(
	`ruleset: ${ruleset.ruleCount} rules, parsed in ${parseMs.toFixed(0)} ms`,
);
console.log(
	`replay: ${packets} packets in ${replayMs.toFixed(0)} ms = ${Math.round((packets / replayMs) * 1000)} packets/s (${events} TRACE events, ${engine.conntrackEntries(state).length} connections)`,
);
console.log(`peak RSS: ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
