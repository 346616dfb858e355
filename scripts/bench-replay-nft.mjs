#!/usr/bin/env node
/**
 * Replays N packets through kube-proxy's nftables mode (gen-kube-proxy-nft.mjs)
 * and reports packets per second, to set beside bench-replay.mjs (the same
 * services and packets in iptables mode).
 * Usage: node scripts/bench-replay-nft.mjs [SERVICES=10000] [PACKETS=10000]
 * Needs `npm run build` first.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const engine = await import(path.join(root, "dist/engine/index.js"));
const services = Number(process.argv[2] ?? 10_000);
const packets = Number(process.argv[3] ?? 10_000);
const { kubeProxyNft } = await import(
	path.join(root, "scripts/gen-kube-proxy-nft.mjs")
);
const text = kubeProxyNft(services);

let t = performance.now();
const loaded = engine.loadNft(text, { source: "kube.nft" });
const nft = engine.prepareNft(loaded.ruleset);
const { ruleset } = engine.parseRuleset("", { source: "none" });
const parseMs = performance.now() - t;
const { host } = engine.parseHost({
	addr: "1: lo: <LOOPBACK,UP> mtu 65536\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,UP> mtu 1500\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0\n3: cni0: <BROADCAST,UP> mtu 1500\n    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff\n    inet 10.244.0.1/16 brd 10.244.255.255 scope global cni0\n",
	route:
		"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n10.244.0.0/16 dev cni0 proto kernel scope link src 10.244.0.1\n",
});
const context = { ruleset, nft, host: engine.createHostView(host) };

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
	`nft ruleset: ${services} services, read in ${parseMs.toFixed(0)} ms`,
);
console.log(
	`replay: ${packets} packets in ${replayMs.toFixed(0)} ms = ${Math.round((packets / replayMs) * 1000)} packets/s (${events} TRACE events, ${engine.conntrackEntries(state).length} connections)`,
);
console.log(`peak RSS: ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
