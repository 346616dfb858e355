/**
 * Hostile input, generated: random bytes, mutations of the third-party
 * corpus, random host JSON and random bundle layouts, through `check`,
 * `trace`, `replay` and the non-TTY explorer of the built CLI. Never a
 * stack trace, never a hang (each run is bounded), never a raw control
 * character on stdout or stderr, `--json` always valid JSON.
 *
 * A few runs per property keep the suite fast; IPTX_FUZZ_RUNS=N runs N per
 * property and prints the counts (inputs, crashes, hangs).
 */

import { execFileSync } from "node:child_process";
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { corpusFiles, corpusRoot } from "../corpus/corpus-files.js";
import {
	type CliRun,
	rawControl,
	runCli,
	stackTrace,
} from "../helpers/run-cli.js";

const runs = Number(process.env["IPTX_FUZZ_RUNS"] ?? 1);
const big = process.env["IPTX_FUZZ_RUNS"] !== undefined;
const timeout = 20_000;
const root = mkdtempSync(path.join(tmpdir(), "iptx-fuzz-"));
const counts = { inputs: 0, crashes: 0, hangs: 0, badJson: 0, rawControl: 0 };
let serial = 0;

afterAll(() => {
	rmSync(root, { recursive: true, force: true });
	if (big) console.log(`fuzz counts: ${JSON.stringify(counts)}`);
});

function scratch(): string {
	serial++;
	const dir = path.join(root, String(serial));
	mkdirSync(dir);
	return dir;
}

/** Runs the CLI and checks what every run must hold, counting failures. */
function judged(args: readonly string[], json = false): CliRun {
	counts.inputs++;
	const run = runCli(args, { timeout });
	const both = run.stdout + run.stderr;
	if (run.timedOut) counts.hangs++;
	if (stackTrace.test(both)) counts.crashes++;
	if (rawControl(both) !== undefined) counts.rawControl++;
	expect(run.timedOut, `hang: iptx ${args.join(" ")}`).toBe(false);
	expect(both).not.toMatch(stackTrace);
	expect(rawControl(run.stdout)).toBeUndefined();
	expect(rawControl(run.stderr)).toBeUndefined();
	expect([0, 1, 2]).toContain(run.status);
	if (json)
		for (const line of run.stdout.split("\n").filter((l) => l !== "")) {
			let ok = true;
			try {
				JSON.parse(line);
			} catch {
				ok = false;
				counts.badJson++;
			}
			expect(ok, `not JSON: ${line.slice(0, 80)}`).toBe(true);
		}
	return run;
}

const packet = "tcp 10.0.0.2:5 > 10.0.0.1:22 in eth0 syn";
const logPacket =
	"IN=eth0 OUT= SRC=10.0.0.2 DST=10.0.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=5 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0";

/** Every command on one rules file (and packet stream). */
function throughEveryCommand(rules: string, packets: string): void {
	judged(["check", rules]);
	judged(["check", "--json", rules], true);
	judged(["trace", rules, packet]);
	judged(["trace", "--json", rules, logPacket], true);
	judged(["replay", "--rules", rules, "--packets", packets], true);
	judged([
		"replay",
		"--rules",
		rules,
		"--packets",
		packets,
		"--format",
		"text",
	]);
	judged([rules]);
}

const settings = { numRuns: runs, endOnFailure: true } as const;

describe("generated hostile input", () => {
	test(
		"random bytes as rules and packets",
		() => {
			fc.assert(
				fc.property(
					fc.uint8Array({ maxLength: 2048 }),
					fc.uint8Array({ maxLength: 512 }),
					(rulesBytes, packetBytes) => {
						const dir = scratch();
						const rules = path.join(dir, "r");
						const packets = path.join(dir, "p");
						writeFileSync(rules, rulesBytes);
						writeFileSync(packets, packetBytes);
						throughEveryCommand(rules, packets);
					},
				),
				settings,
			);
		},
		600_000 + runs * 60_000,
	);

	const mutation = fc.oneof(
		fc.record({
			kind: fc.constant("insert"),
			at: fc.nat(),
			text: fc.string({ unit: "binary", maxLength: 20 }),
		}),
		fc.record({
			kind: fc.constant("delete"),
			at: fc.nat(),
			length: fc.nat(200),
		}),
		fc.record({ kind: fc.constant("duplicate-line"), at: fc.nat() }),
		fc.record({
			kind: fc.constant("swap-lines"),
			at: fc.nat(),
			with: fc.nat(),
		}),
		fc.record({
			kind: fc.constant("control"),
			at: fc.nat(),
			char: fc.constantFrom(
				"\u001b[31m",
				"\u001b]0;x\u0007",
				"\r",
				"\u202e",
				"\u009b",
				"\u0000",
			),
		}),
	);
	type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

	function mutate(text: string, change: Mutation): string {
		const at = change.at % (text.length + 1);
		switch (change.kind) {
			case "insert":
				return text.slice(0, at) + change.text + text.slice(at);
			case "control":
				return text.slice(0, at) + change.char + text.slice(at);
			case "delete":
				return text.slice(0, at) + text.slice(at + change.length);
			case "duplicate-line":
			case "swap-lines": {
				const lines = text.split("\n");
				const a = change.at % lines.length;
				const b =
					(change.kind === "swap-lines" ? change.with : change.at) %
					lines.length;
				const [first, second] = [lines[a] ?? "", lines[b] ?? ""];
				if (change.kind === "duplicate-line") lines.splice(a, 0, first);
				else [lines[a], lines[b]] = [second, first];
				return lines.join("\n");
			}
		}
	}

	test.skipIf(corpusFiles.length === 0)(
		`mutations of the third-party corpus${corpusFiles.length === 0 ? " (skipped: corpus absent, set IPTX_RULESETS)" : ""}`,
		() => {
			fc.assert(
				fc.property(
					fc.constantFrom(...corpusFiles),
					fc.array(mutation, { minLength: 1, maxLength: 8 }),
					(file, changes) => {
						const text = changes.reduce(
							mutate,
							readFileSync(path.join(corpusRoot, file), "utf8"),
						);
						const dir = scratch();
						const rules = path.join(dir, "r.rules");
						const packets = path.join(dir, "p.log");
						writeFileSync(rules, text);
						writeFileSync(packets, `${logPacket}\n`);
						judged(["check", "--json", rules], true);
						judged(["trace", rules, packet]);
						judged(["replay", "--rules", rules, "--packets", packets], true);
					},
				),
				settings,
			);
		},
		600_000 + runs * 60_000,
	);

	const hostKeys = [
		"ifname",
		"ifindex",
		"flags",
		"addr_info",
		"family",
		"local",
		"prefixlen",
		"dst",
		"gateway",
		"dev",
		"table",
		"priority",
		"src",
		"scope",
		"metric",
		"link_type",
		"address",
		"master",
	];
	const value = fc.oneof(
		fc.constantFrom(
			"eth0",
			"default",
			"10.0.0.1",
			"inet",
			"UP",
			"main",
			24,
			99,
			-1,
			null,
			true,
		),
		fc.string({ unit: "binary", maxLength: 12 }),
		fc.integer(),
	);
	const hostObject = fc.dictionary(
		fc.constantFrom(...hostKeys),
		fc.oneof(
			value,
			fc.array(value, { maxLength: 3 }),
			fc.dictionary(fc.constantFrom(...hostKeys), value, { maxKeys: 4 }),
			fc.array(
				fc.dictionary(fc.constantFrom(...hostKeys), value, { maxKeys: 4 }),
				{ maxLength: 3 },
			),
		),
		{ maxKeys: 6 },
	);
	const hostJson = fc.oneof(
		fc.array(fc.oneof(hostObject, value), { maxLength: 4 }),
		fc.jsonValue(),
	);

	test(
		"random host JSON as --addr, --route and --rule",
		() => {
			const rules = path.join(root, "host.rules");
			writeFileSync(
				rules,
				"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n",
			);
			fc.assert(
				fc.property(hostJson, hostJson, hostJson, (addr, route, rule) => {
					const dir = scratch();
					const file = (name: string, data: unknown) => {
						const at = path.join(dir, name);
						writeFileSync(at, JSON.stringify(data) ?? "null");
						return at;
					};
					judged(
						[
							"trace",
							rules,
							"--addr",
							file("a.json", addr),
							"--route",
							file("r.json", route),
							"--rule",
							file("u.json", rule),
							"--json",
							packet,
						],
						true,
					);
				}),
				settings,
			);
		},
		600_000 + runs * 60_000,
	);

	const bundleNames = [
		"iptables.rules",
		"rules.v4",
		"ip-addr.json",
		"ip-addr.txt",
		"ip-route.json",
		"route-n.txt",
		"ip-rule.json",
		"ipset.save",
		"sysctl.json",
		"conntrack.txt",
		"bundle.json",
	];
	const entry = fc.oneof(
		fc.record({
			kind: fc.constant("file" as const),
			text: fc.oneof(
				fc.string({ unit: "binary", maxLength: 300 }),
				fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
			),
		}),
		fc.record({
			kind: fc.constantFrom(
				"link-zero" as const,
				"link-file" as const,
				"dangling" as const,
				"folder" as const,
				"fifo" as const,
			),
		}),
	);

	test(
		"random bundle layouts",
		() => {
			const valid = "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n";
			fc.assert(
				fc.property(
					fc.dictionary(fc.constantFrom(...bundleNames), entry, { maxKeys: 6 }),
					(layout) => {
						const dir = scratch();
						const bundle = path.join(dir, "b");
						mkdirSync(bundle);
						const target = path.join(dir, "target");
						writeFileSync(target, valid);
						for (const [name, made] of Object.entries(layout)) {
							const at = path.join(bundle, name);
							if (made.kind === "file") writeFileSync(at, made.text);
							else if (made.kind === "link-zero") symlinkSync("/dev/zero", at);
							else if (made.kind === "link-file") symlinkSync(target, at);
							else if (made.kind === "dangling")
								symlinkSync(path.join(dir, "none"), at);
							else if (made.kind === "folder") mkdirSync(at);
							else execFileSync("mkfifo", [at]);
						}
						judged([bundle]);
						judged(["trace", "--bundle", bundle, "--json", packet], true);
					},
				),
				settings,
			);
		},
		600_000 + runs * 60_000,
	);
});
