/**
 * The fuzzer's access to the kernel: load a ruleset into a throw-away
 * namespace to see it loads, record a scenario with the kernel oracle and
 * score iptx's replay of the recording with compare.py.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";

/** Where the oracle lives: IPTX_ORACLE, or ../shared/kernel-oracle beside the repo. */
export function oracleFolder(repo) {
	return (
		process.env.IPTX_ORACLE ??
		path.resolve(repo, "..", "shared", "kernel-oracle")
	);
}

/** Why the fuzzer cannot run here, or undefined when it can. */
export function missingPrerequisite(repo) {
	if (process.getuid?.() !== 0)
		return "need root (network namespaces, the kernel log)";
	const folder = oracleFolder(repo);
	for (const file of ["oracle.py", "compare.py"])
		if (!existsSync(path.join(folder, file)))
			return `no ${file} in ${folder} (set IPTX_ORACLE)`;
	for (const tool of ["ip", "iptables-legacy-restore", "python3"])
		if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0)
			return `no ${tool}`;
	return undefined;
}

/** Runs `command` with `input` in a fresh network namespace; its error text, or undefined when it succeeds. */
function inFreshNamespace(tag, command, input) {
	const ns = `iptx-fz-${process.pid}-${tag}`;
	spawnSync("ip", ["netns", "add", ns]);
	try {
		const out = spawnSync("ip", ["netns", "exec", ns, ...command], {
			input,
			encoding: "utf8",
		});
		return out.status === 0 ? undefined : out.stderr.trim();
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
	}
}

/** Whether iptables-legacy-restore (ip6tables- for IPv6; -nft- with backend nft) accepts the rules (in a fresh namespace); the error otherwise. */
export function kernelLoads(rules, tag, family = "ipv4", backend = "legacy") {
	const tool = family === "ipv6" ? "ip6tables" : "iptables";
	return inFreshNamespace(
		tag,
		[`${tool}-${backend === "nft" ? "nft" : "legacy"}-restore`],
		rules,
	);
}

/** Whether nft loads a scenario's nft ruleset (and its legacy rules, if any) in a fresh namespace; the error otherwise. */
export function nftLoads(scenario, tag) {
	const legacy =
		scenario.rules_text === undefined
			? undefined
			: kernelLoads(scenario.rules_text, tag);
	return legacy ?? inFreshNamespace(tag, ["nft", "-f", "-"], scenario.nft_text);
}

/** Writes the scenario into `folder` and records it; returns the error text when the oracle fails. */
export function record(repo, folder, scenario) {
	mkdirSync(folder, { recursive: true });
	const {
		rules_text: rules,
		rules6_text: rules6,
		nft_text: nft,
		...rest
	} = scenario;
	const files = {};
	if (rules !== undefined) {
		writeFileSync(path.join(folder, "rules.v4"), rules);
		files.rules = "rules.v4";
	}
	if (rules6 !== undefined) {
		writeFileSync(path.join(folder, "rules.v6"), rules6);
		files.rules6 = "rules.v6";
	}
	if (nft !== undefined) {
		writeFileSync(path.join(folder, "ruleset.nft"), nft);
		files.nft = "ruleset.nft";
	}
	writeFileSync(
		path.join(folder, "scenario.json"),
		`${JSON.stringify({ ...rest, ...files }, null, 1)}\n`,
	);
	const out = spawnSync(
		"/usr/bin/python3",
		[
			path.join(oracleFolder(repo), "oracle.py"),
			"scenario.json",
			"-o",
			"kernel.json",
			"--text",
			"kernel.txt",
		],
		{ cwd: folder, encoding: "utf8", timeout: 600_000 },
	);
	return out.status === 0
		? undefined
		: `${out.stdout}\n${out.stderr}`.trim().slice(-2000);
}

/**
 * What the oracle could not attribute in a recording, or undefined when
 * it is clean. With nf_log_all_netns on, a namespace of an earlier
 * recording still retransmitting from an orphaned socket logs ORACLE-PKT
 * lines that no trace in this namespace matches (packets without an nft
 * arrival): noise no simulator could reproduce.
 */
export function recordingFlaws(kernelJson) {
	const recording = JSON.parse(readFileSync(kernelJson, "utf8"));
	const flaws = [
		"unattributed_lines",
		"unattributed_nft_events",
		"nft_arrivals_without_packet",
		"packets_without_nft_arrival",
	].filter((key) => (recording[key] ?? []).length > 0);
	return flaws.length === 0
		? undefined
		: flaws
				.map((key) => `${key} ${JSON.stringify(recording[key]).slice(0, 80)}`)
				.join("; ");
}

/** compare.py's verdict on one recording: packets that agree, of how many, and its report. */
export function score(repo, kernelJson, show = 3) {
	const out = spawnSync(
		"python3",
		[
			path.join(oracleFolder(repo), "compare.py"),
			"--cli",
			`node ${path.join(repo, "dist", "cli.js")}`,
			"--show",
			String(show),
			kernelJson,
		],
		{ encoding: "utf8", timeout: 600_000 },
	);
	const match = /(\d+)\/(\d+) packets agree/.exec(out.stdout);
	return {
		agree: match ? Number(match[1]) : 0,
		total: match ? Number(match[2]) : 0,
		report: out.stdout.trim(),
		ok: out.status === 0,
	};
}
