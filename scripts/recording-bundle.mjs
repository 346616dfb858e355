#!/usr/bin/env node
/**
 * Writes a capture bundle from a kernel recording (the oracle's kernel.json):
 * the rulesets as they were before the run (iptables.rules and, for a
 * dual-stack recording, ip6tables.rules), the host's interfaces and routes
 * (ip-addr.json, ip-route.json, ip6route.json) and a bundle.json whose
 * preset packets are the ones given after the folder. Open it with
 * `iptx DIR` or `iptx trace --bundle DIR`.
 *
 *   node scripts/recording-bundle.mjs RECORDING.json DIR [PACKET...]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const [recordingFile, dir, ...packets] = process.argv.slice(2);
if (recordingFile === undefined || dir === undefined) {
	process.stderr.write(
		"usage: node scripts/recording-bundle.mjs RECORDING.json DIR [PACKET...]\n",
	);
	process.exit(2);
}
const recording = JSON.parse(readFileSync(recordingFile, "utf8"));
const files = {
	"iptables.rules": recording.iptables_save_before,
	"ip6tables.rules": recording.ip6tables_save_before,
	"ip-addr.json": json(recording.host?.ip_addr),
	"ip-route.json": json(recording.host?.ip_route),
	"ip6route.json": json(recording.host?.ip_route6),
	"bundle.json": json({
		format: "iptx-bundle/1",
		hostname: recording.scenario,
		description: recording.description,
		kernel: recording.kernel,
		iptablesVersion: recording.iptables,
		notes: [`Built from the kernel recording ${path.basename(recordingFile)}`],
		packets,
	}),
};
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(files)) {
	if (typeof text === "string") writeFileSync(path.join(dir, name), text);
}
process.stdout.write(`wrote ${dir}: open it with iptx ${dir}\n`);

function json(value) {
	return value === undefined
		? undefined
		: `${JSON.stringify(value, undefined, 2)}\n`;
}
