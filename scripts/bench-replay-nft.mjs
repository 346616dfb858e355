#!/usr/bin/env node
/**
 * kube-proxy at scale, both modes in one run: the same host and the same
 * packets replayed through the iptables-mode ruleset
 * (../shared/bench/gen-kube-proxy.py) and through the nftables-mode one
 * (scripts/gen-kube-proxy-nft.mjs, the same services), with the time to read each and, as the
 * baseline, the real `nft -c -f` on the nft file (root, in a throw-away
 * network namespace; `--no-nft` skips it: it takes a minute at 10,000
 * services). The traffic: new connections to ClusterIPs from outside and
 * from pods, to NodePorts on the node's address, each followed by a packet
 * of the established flow. CPU time is printed beside the wall clock: on a
 * shared machine the wall clock measures the neighbours too.
 *
 * Usage: npm run build && node scripts/bench-replay-nft.mjs [SERVICES=10000] [PACKETS=10000] [--no-nft]
 *   [--only=nft|--only=iptables] (replay one mode only, for a profiler)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const engine = await import(path.join(root, "dist/lib/engine.js"));
const args = process.argv.slice(2);
const [services = 10_000, packets = 10_000] = args
	.filter((a) => !a.startsWith("--"))
	.map(Number);
const generator = path.resolve(root, "../shared/bench/gen-kube-proxy.py");
if (!existsSync(generator)) {
	console.log(`skipped: ${generator} is absent`);
	process.exit(0);
}
const iptablesText = execFileSync("python3", [generator, String(services)], {
	maxBuffer: 1 << 30,
	encoding: "utf8",
});
const { kubeProxyNft } = await import(
	path.join(root, "scripts", "gen-kube-proxy-nft.mjs")
);
const nftText = kubeProxyNft(services);
const nftFile = path.join(tmpdir(), `iptx-kube-nft-${services}.nft`);
writeFileSync(nftFile, nftText);

/** Wall and CPU milliseconds of `run`. */
function timed(run) {
	const cpu = process.cpuUsage();
	const start = performance.now();
	const value = run();
	const spent = process.cpuUsage(cpu);
	return {
		value,
		wall: performance.now() - start,
		cpu: (spent.user + spent.system) / 1000,
	};
}

const { host } = engine.parseHost({
	addr: "1: lo: <LOOPBACK,UP> mtu 65536\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,UP> mtu 1500\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0\n3: cni0: <BROADCAST,UP> mtu 1500\n    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff\n    inet 10.244.0.1/16 brd 10.244.255.255 scope global cni0\n",
	route:
		"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n10.244.0.0/16 dev cni0 proto kernel scope link src 10.244.0.1\n",
});
const hostView = engine.createHostView(host);

const iptablesRead = timed(
	() => engine.parseRuleset(iptablesText, { source: "kube.rules" }).ruleset,
);
const empty = engine.parseRuleset("", { source: "none" }).ruleset;
const nftRead = timed(() => {
	const loaded = engine.loadNft(nftText, { source: nftFile });
	return {
		loaded,
		host: engine.prepareNft(loaded.ruleset, { ruleset: empty }),
	};
});
if (!nftRead.value.loaded.wouldLoad)
	console.log(
		`warning: iptx says nft would refuse ${nftFile}: ${engine.formatDiagnostic(nftRead.value.loaded.diagnostics[0])}`,
	);

/** A service's ClusterIP and port, as both generators write them. */
function clusterIp(i) {
	return {
		ip: `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
		port: 80 + (i % 7),
	};
}

const mac = "02:00:00:00:00:01:02:00:00:00:00:09:08:00";

function line(dev, src, dst, sport, dport, flags, n) {
	const seconds = (n / 1000).toFixed(6).padStart(12);
	const parsed = engine.parseLogPacket(
		`[${seconds}] IN=${dev} OUT= MAC=${mac} SRC=${src} DST=${dst} LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=${n & 0xffff} DF PROTO=TCP SPT=${sport} DPT=${dport} SEQ=${1000 + n} ACK=${flags === "SYN" ? 0 : 1} WINDOW=64240 RES=0x00 ${flags} URGP=0`,
	);
	if (!parsed.ok) throw new Error(parsed.error);
	return parsed.input;
}

/** The client's packets of each flow: its SYN and, after the answer, its ACK. */
function flows() {
	const list = [];
	for (let flow = 0; list.length * 3 < packets; flow++) {
		const svc = (flow * 7919) % services;
		const kind = flow % 5; // 0-1: from outside, 2-3: from a pod, 4: NodePort
		const fromPod = kind === 2 || kind === 3;
		const src = fromPod
			? `10.244.${(flow >> 8) & 255}.${(flow & 255) | 1}`
			: `10.0.2.${3 + (flow % 50)}`;
		const { ip, port } =
			kind === 4
				? // Service 4m's NodePort, 30000 + 4m, in both generators.
					{ ip: "10.0.2.15", port: 30000 + 4 * (flow % 600) }
				: clusterIp(svc);
		const sport = 20000 + (flow % 40000);
		const dev = fromPod ? "cni0" : "eth0";
		list.push({
			syn: line(dev, src, ip, sport, port, "SYN", 3 * flow),
			ack: line(dev, src, ip, sport, port, "ACK", 3 * flow + 2),
			n: 3 * flow + 1,
		});
	}
	return list;
}

const dotted = (n) =>
	`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/**
 * The server's SYN/ACK to a SYN as it left the host (after DNAT and
 * masquerade, which differ by mode: the endpoint is a random choice).
 */
function answer(trace, n) {
	const out = trace.packetOut;
	const device =
		trace.fate.kind === "forwarded" || trace.fate.kind === "delivered"
			? trace.fate.device
			: "eth0";
	return line(
		device,
		dotted(out.dst),
		dotted(out.src),
		out.dport,
		out.sport,
		"ACK SYN",
		n,
	);
}

function replay(context, list) {
	let state = engine.createEngineState();
	let events = 0;
	let count = 0;
	const fates = new Map();
	const step = (input) => {
		const result = engine.simulate(context, input, state, {
			followLoopback: false,
			detail: "events",
		});
		state = result.state;
		events += result.trace.events.length;
		fates.set(
			result.trace.fate.kind,
			(fates.get(result.trace.fate.kind) ?? 0) + 1,
		);
		count++;
		return result.trace;
	};
	const run = timed(() => {
		for (const flow of list) {
			if (count >= packets) break;
			const trace = step(flow.syn);
			if (count < packets) step(answer(trace, flow.n));
			if (count < packets) step(flow.ack);
		}
	});
	return {
		...run,
		events,
		fates,
		connections: engine.conntrackEntries(state).length,
	};
}

const list = flows();
const only = args.find((a) => a.startsWith("--only="))?.slice(7);
const skipped = {
	wall: 1,
	cpu: 1,
	events: 0,
	fates: new Map(),
	connections: 0,
};
const iptables =
	only === "nft"
		? skipped
		: replay({ ruleset: iptablesRead.value, host: hostView }, list);
const nft =
	only === "iptables"
		? skipped
		: replay({ ruleset: empty, nft: nftRead.value.host, host: hostView }, list);

const ms = (t) => `${t.wall.toFixed(0)} ms wall, ${t.cpu.toFixed(0)} ms CPU`;
const rate = (r) => Math.round((packets / r.wall) * 1000);
const summary = (r) =>
	`${rate(r)} packets/s (${ms(r)}; ${r.connections} connections; fates ${[...r.fates].map(([k, v]) => `${k} ${v}`).join(", ")})`;
console.log(
	`kube-proxy, ${services} services, ${packets} packets; load average ${loadavg()
		.map((l) => l.toFixed(1))
		.join(" ")}`,
);
console.log(
	`read iptables-save (${(iptablesText.length / 1e6).toFixed(1)} MB): ${ms(iptablesRead)}`,
);
console.log(
	`read nft text (${(nftText.length / 1e6).toFixed(1)} MB) with nft -c -f's checks: ${ms(nftRead)}`,
);
console.log(`replay iptables mode: ${summary(iptables)}`);
console.log(`replay nft mode:      ${summary(nft)}`);
console.log(
	`nft / iptables rate: ${(rate(nft) / rate(iptables)).toFixed(2)} (wall), ${(iptables.cpu / nft.cpu).toFixed(2)} (CPU)`,
);

const has = (c) => spawnSync("sh", ["-c", `command -v ${c}`]).status === 0;
if (args.includes("--no-nft")) console.log("nft -c -f: skipped (--no-nft)");
else if (process.getuid?.() === 0 && has("ip") && has("nft")) {
	const ns = `iptx-bench-${process.pid}`;
	spawnSync("ip", ["netns", "add", ns]);
	try {
		const start = performance.now();
		const out = spawnSync("ip", [
			"netns",
			"exec",
			ns,
			"nft",
			"-c",
			"-f",
			nftFile,
		]);
		const wall = performance.now() - start;
		console.log(
			`baseline nft -c -f: ${wall.toFixed(0)} ms wall (exit ${out.status}); iptx reads it ${(wall / nftRead.wall).toFixed(1)}x faster`,
		);
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
	}
} else console.log("nft -c -f: not timed (needs root, ip and nft)");
