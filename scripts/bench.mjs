#!/usr/bin/env node
/**
 * Every benchmark, one after the other, on kube-proxy rulesets from
 * ../shared/bench/gen-kube-proxy.py: parsing (against iptables-restore
 * --test), replay throughput (kube-proxy rules; and 1M packets of Docker
 * traffic through the seed ruleset), the explorer's first screen and key
 * latency.
 * Run `npm run build` first.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
for (const script of [
	"bench-parse.mjs",
	"bench-replay.mjs",
	"bench-replay-docker.mjs",
	"bench-start.mjs",
	"bench-ui.mjs",
]) {
	console.log(`\n== ${script}`);
	const result = spawnSync(process.execPath, [path.join(here, script)], {
		stdio: "inherit",
	});
	if (result.status !== 0) process.exitCode = 1;
}
