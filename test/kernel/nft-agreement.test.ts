/**
 * The kernel is the judge for nf_tables: every recording under
 * test/fixtures/scenarios-nft (made with ../shared/kernel-oracle/oracle.py on
 * kernel 6.18, nft 1.0.6), and every shared recording with nft rulesets in
 * test/fixtures/scenarios, is replayed through the built CLI exactly as
 * compare.py does it (`replay --nft ruleset.json [--iptables-backend nft]`,
 * jsonl), and every packet's trace events and LOG lines must be the
 * kernel's, on every packet of every recording.
 */
import {
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type KernelRecording, readRecording } from "../helpers/recording.js";
import { runCli } from "../helpers/run-cli.js";

const fixtures = path.join(import.meta.dirname, "..", "fixtures");
/** Every recording with nf_tables in play: ours, and the shared ones among the others. */
const recordingFiles = new Map(
	["scenarios", "scenarios-nft"].flatMap((parent) =>
		readdirSync(path.join(fixtures, parent), { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.map(
				(entry) =>
					[
						entry.name,
						path.join(fixtures, parent, entry.name, "kernel.json"),
					] as const,
			)
			.filter(([, file]) =>
				readFileSync(file, "utf8").includes('"nft_ruleset_before"'),
			),
	),
);
const names = [...recordingFiles.keys()].sort();
const work = mkdtempSync(path.join(tmpdir(), "iptx-nft-agreement-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The packet line compare.py writes: time stamp, the kernel's notation, EXTHDR=. */
function packetLine(packet: KernelRecording["packets"][number]): string {
	const exthdr = packet.exthdr ? ` EXTHDR=${packet.exthdr.join(",")}` : "";
	return `[${packet.time.toFixed(6).padStart(12)}] ${packet.packet}${exthdr}`;
}

/** Writes what a user would capture on the recorded host; returns replay's arguments. */
function replayArguments(name: string, recording: KernelRecording): string[] {
	const write = (file: string, text: string): string => {
		const target = path.join(work, `${name}.${file}`);
		writeFileSync(target, text);
		return target;
	};
	const args = [
		"replay",
		"--rules",
		write("rules.v4", recording.iptables_save_before),
		"--addr",
		write("addr.json", JSON.stringify(recording.host.ip_addr)),
		"--route",
		write("route.json", JSON.stringify(recording.host.ip_route)),
		"--packets",
		write(
			"packets.log",
			recording.packets.map((p) => `${packetLine(p)}\n`).join(""),
		),
		"--format",
		"jsonl",
	];
	if (recording.ip6tables_save_before !== undefined)
		args.push("--rules6", write("rules.v6", recording.ip6tables_save_before));
	if (recording.host.ip_route6 !== undefined)
		args.push(
			"--route6",
			write("route6.json", JSON.stringify(recording.host.ip_route6)),
		);
	if (recording.nft_ruleset_before !== undefined)
		args.push(
			"--nft",
			write("nft.json", JSON.stringify(recording.nft_ruleset_before)),
		);
	if ((recording.iptables_backend ?? "legacy") !== "legacy")
		args.push("--iptables-backend", recording.iptables_backend ?? "");
	return args;
}

/**
 * compare.py's rule: with both x_tables and nf_tables events recorded (an
 * iptables-legacy host with nft tables), each kind is compared in order on
 * its own, since the kernel's two streams cannot be merged.
 */
function traceAgrees(legacy: string[], nft: string[], have: string[]): boolean {
	if (legacy.length > 0 && nft.length > 0) {
		const haveNft = have.filter((event) => event.startsWith("nft:"));
		const haveLegacy = have.filter((event) => !event.startsWith("nft:"));
		return (
			haveLegacy.join(" ") === legacy.join(" ") &&
			haveNft.join(" ") === nft.join(" ")
		);
	}
	return have.join(" ") === [...legacy, ...nft].join(" ");
}

/** Replays one recording; returns one line per disagreeing packet. */
function disagreements(name: string, recording: KernelRecording): string[] {
	const run = runCli(replayArguments(name, recording), { timeout: 120_000 });
	const results = run.stdout
		.split("\n")
		.filter((line) => line.startsWith("{"))
		.map((line) => JSON.parse(line) as { trace?: unknown[]; log?: unknown[] });
	// A failed run disagrees on every packet, so a known gap cannot hide it.
	if (results.length !== recording.packets.length)
		return recording.packets.map(
			(packet) =>
				`#${packet.n}: replay gave ${results.length} results for ${recording.packets.length} packets (exit ${run.status}): ${run.stderr.slice(0, 200)}`,
		);
	const out: string[] = [];
	for (const [index, packet] of recording.packets.entries()) {
		const legacy = packet.events.map(
			(e) => `${e.table}:${e.chain}:${e.type}:${e.num}`,
		);
		const nft = (packet.nft_events ?? []).map((e) => e.event);
		const have = (results[index]?.trace ?? []).map(String);
		const wantLogs = packet.logs.map((line) => line.trim()).join("\n");
		const haveLogs = (results[index]?.log ?? [])
			.map((line) => String(line).trim())
			.join("\n");
		if (!traceAgrees(legacy, nft, have))
			out.push(
				`#${packet.n} trace\n  kernel: ${[...legacy, ...nft].join(" ")}\n  iptx:   ${have.join(" ")}`,
			);
		else if (wantLogs !== haveLogs)
			out.push(
				`#${packet.n} log\n  kernel: ${wantLogs}\n  iptx:   ${haveLogs}`,
			);
	}
	return out;
}

describe("agreement with the nf_tables kernel recordings", () => {
	test.each(names)("%s", { timeout: 180_000 }, (name) => {
		const recording = readRecording(recordingFiles.get(name) ?? "");
		expect(disagreements(name, recording)).toEqual([]);
	});
});
