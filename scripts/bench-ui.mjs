#!/usr/bin/env node
/**
 * Explorer speed on a kube-proxy ruleset of about 115,000 rules
 * (gen-kube-proxy.py 10000): time to the first frame, and latency per key
 * (rule moves in the 10,000-rule KUBE-SERVICES chain, steps, page moves).
 * Needs `npm run build` first. Usage: node scripts/bench-ui.mjs [SERVICES]
 */
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { render } from "ink-testing-library";
import { createElement } from "react";

const services = process.argv[2] ?? "10000";
const generator =
	process.env.IPTX_KUBE_GEN ?? "/work/shared/bench/gen-kube-proxy.py";
const rulesText = execFileSync("python3", [generator, services], {
	maxBuffer: 1 << 30,
	encoding: "utf8",
});

const engine = await import("../dist/engine/index.js");
const { App } = await import("../dist/ui/app.js");
const { engineAdapter } = await import("../dist/ui/engine-adapter.js");
const { asciiGlyphs } = await import("../dist/ui/lib/glyphs.js");
const t0 = performance.now();
const { ruleset } = engine.parseRuleset(rulesText, { source: "kube.rules" });
const tParsed = performance.now();
const { host } = engine.parseHost({
	addr: "2: eth0: <UP> mtu 1500\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.2.15/24 brd 10.0.2.255 scope global eth0\n3: cni0: <UP> mtu 1450\n    link/ether 9e:1c:4b:7a:20:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.244.255.1/16 scope global cni0\n",
	route:
		"default via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 scope link src 10.0.2.15\n10.244.0.0/16 dev cni0 scope link src 10.244.255.1\n",
	name: "kube-bench",
});
const session = {
	context: { ruleset, host: engine.createHostView(host) },
	hostName: "kube-bench",
	// A NodePort packet walks all of KUBE-SERVICES before KUBE-NODEPORTS.
	presets: ["tcp 10.0.2.3:40001 > 10.0.2.15:39999 in eth0 syn"],
	origin: "bench",
	clock: 0,
	notes: [],
};
const app = render(
	createElement(App, {
		engine: engineAdapter,
		session,
		theme: { glyphs: asciiGlyphs, color: false },
	}),
);
const tFirst = performance.now();
if (!(app.lastFrame() ?? "").includes("iptx")) {
	throw new Error("bench-ui: no first frame");
}

/** Writes a key and waits until the frame changes; returns milliseconds. */
async function timeKey(key) {
	const before = app.lastFrame();
	const start = performance.now();
	app.stdin.write(key);
	for (let i = 0; i < 10_000 && app.lastFrame() === before; i++) {
		await new Promise((resolve) => setImmediate(resolve));
	}
	return performance.now() - start;
}

async function series(label, key, count) {
	const times = [];
	for (let i = 0; i < count; i++) times.push(await timeKey(key));
	times.sort((a, b) => a - b);
	const median = times[Math.floor(times.length / 2)];
	const p95 = times[Math.floor(times.length * 0.95)];
	const max = times.at(-1);
	console.log(
		`${label.padEnd(34)} median ${median.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  max ${max.toFixed(1)} ms  (${count} keys)`,
	);
	return max;
}

console.log(`rules: ${ruleset.ruleCount}`);
console.log(
	`parse (engine): ${(tParsed - t0).toFixed(0)} ms; first frame (incl. simulate): ${(tFirst - tParsed).toFixed(0)} ms; total ${(tFirst - t0).toFixed(0)} ms`,
);
await series("n (one step)", "n", 40);
await series("enter (run to the fate)", "\r", 1);
await series("b (one step back)", "b", 40);
for (const key of ["/", ..."-A KUBE-SERVICES -d 10.96.19.136/32", "\r"]) {
	app.stdin.write(key);
	await new Promise((resolve) => setImmediate(resolve));
}
console.log((app.lastFrame() ?? "").split("\n").at(-1));
await series("down (next rule, 10k-rule chain)", "\u001B[B", 100);
await series("up (previous rule)", "\u001B[A", 50);
await series("page down", "\u001B[6~", 30);
await series("G (last rule)", "G", 1);
app.unmount();
process.exit(0);
