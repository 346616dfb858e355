#!/usr/bin/env node
/**
 * Differential fuzzing against the kernel: `npm run fuzz:kernel -- --seeds 1-100`
 * generates one scenario per seed (scripts/fuzz/scenario.mjs), records it
 * with the kernel oracle, scores `iptx replay` on it with compare.py and
 * prints how many packets agree. `--shrink N` reduces each disagreement
 * with up to N more recordings; `--keep DIR` copies the shrunk scenarios
 * there (as fixtures). `--family ipv6` fuzzes ip6tables and IPv6 traffic
 * on the dual-stack topology instead; `--profile wide` adds the wider IPv4
 * vocabulary of scripts/fuzz/wide.mjs to each seed; `--topology docker2|mixed`
 * and `--backend nft` record variants (scripts/fuzz/variants.mjs); `--family nft` fuzzes native
 * nftables rulesets (scripts/fuzz/nft-scenario.mjs), sometimes beside
 * iptables-legacy rules, on `docker` or dual-stack `docker6`. Needs root and the oracle: without them it says so
 * and exits 0, except under CI as root, where a skip is a failure.
 */
import { cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { nftScenario } from "./fuzz/nft-scenario.mjs";
import {
	kernelLoads,
	missingPrerequisite,
	nftLoads,
	record,
	recordingFlaws,
	score,
} from "./fuzz/oracle.mjs";
import { fuzzScenario } from "./fuzz/scenario.mjs";
import { shrinkScenario } from "./fuzz/shrink.mjs";
import { applyVariants } from "./fuzz/variants.mjs";

const repo = path.resolve(import.meta.dirname, "..");

function option(name, fallback) {
	const index = process.argv.indexOf(name);
	return index === -1 ? fallback : process.argv[index + 1];
}

const [from, to = from] = (option("--seeds", "1-3") ?? "")
	.split("-")
	.map(Number);
const out = path.resolve(option("--out", "/tmp/iptx-fuzz"));
const shrinkTries = Number(option("--shrink", "0"));
const keep = option("--keep", undefined);
const reuse = process.argv.includes("--reuse");
/** `--family ipv6`: ip6tables rulesets and IPv6 traffic on `docker6`; `--family nft`: native nftables. */
const family = option("--family", "ipv4");
/** `--profile wide`: more match and target modules, NAT variants and flows (IPv4). */
const profile = option("--profile", "base");
const wide = profile === "wide" && family === "ipv4";
/** `--topology docker2|mixed` and `--backend nft`: variants.mjs. */
const variants = {
	topology: option("--topology", "docker"),
	backend: option("--backend", "legacy"),
};

const missing = missingPrerequisite(repo);
if (missing !== undefined) {
	const must = Boolean(process.env.CI) && process.getuid?.() === 0;
	console.log(
		`fuzz:kernel ${must ? "FAILED (CI as root must not skip)" : "skipped"}: ${missing}`,
	);
	process.exit(must ? 1 : 0);
}
if (!existsSync(path.join(repo, "dist", "cli.js"))) {
	console.log(
		"fuzz:kernel: run `npm run build` first (compare.py replays dist/cli.js)",
	);
	process.exit(1);
}

let agree = 0;
let total = 0;
let problems = 0;
const disagreeing = [];
for (let seed = from; seed <= to; seed++) {
	const nft = family === "nft";
	const { scenario, tag } = nft
		? { scenario: nftScenario(seed), tag: "" }
		: applyVariants(fuzzScenario(seed, family, profile), seed, variants);
	const v6 = family === "ipv6";
	const kind = nft ? "nft" : v6 ? "6" : wide ? "w" : "";
	const folder = path.join(out, `seed${kind}-${seed}${tag}`);
	const refused = nft
		? nftLoads(scenario, seed)
		: kernelLoads(
				v6 ? scenario.rules6_text : scenario.rules_text,
				seed,
				family,
				variants.backend,
			);
	if (refused !== undefined) {
		console.log(
			`seed ${seed}: the generator wrote rules the kernel refuses: ${refused}`,
		);
		problems++;
		continue;
	}
	const kernelJson = path.join(folder, "kernel.json");
	let failed =
		reuse && existsSync(kernelJson)
			? undefined
			: record(repo, folder, scenario);
	// Once more when the recording caught another namespace's packets.
	if (failed === undefined && recordingFlaws(kernelJson) !== undefined)
		failed = record(repo, folder, scenario);
	const flaws = failed === undefined ? recordingFlaws(kernelJson) : undefined;
	if (failed !== undefined || flaws !== undefined) {
		console.log(
			`seed ${seed}: ${failed ? `oracle failed: ${failed}` : `recording not clean (not scored): ${flaws}`}`,
		);
		problems++;
		continue;
	}
	const verdict = score(repo, kernelJson);
	agree += verdict.agree;
	total += verdict.total;
	console.log(`seed ${seed}: ${verdict.agree}/${verdict.total} packets agree`);
	if (verdict.agree === verdict.total) continue;
	disagreeing.push(seed);
	console.log(verdict.report.split("\n").slice(0, -1).join("\n"));
	if (shrinkTries > 0) {
		const small = path.join(out, `shrunk-${seed}`);
		const shrunk = shrinkScenario(repo, small, scenario, shrinkTries);
		console.log(
			`seed ${seed}: shrunk to ${shrunk.scenario.steps.length} steps in ${shrunk.triesUsed} recordings: ${small}`,
		);
		if (keep !== undefined) {
			const target = path.join(
				path.resolve(keep),
				`fuzz${nft ? "-nft" : kind}-${seed}${tag}`,
			);
			mkdirSync(target, { recursive: true });
			cpSync(small, target, { recursive: true });
		}
	}
}
const percent = total === 0 ? 0 : (100 * agree) / total;
console.log(
	`fuzz:kernel seeds ${from}-${to}: ${agree}/${total} packets agree (${percent.toFixed(1)}%), ${disagreeing.length} seeds disagree${disagreeing.length > 0 ? ` (${disagreeing.join(", ")})` : ""}, ${problems} problems`,
);
process.exit(agree === total && problems === 0 ? 0 : 1);
