/**
 * Live mode on a host with a native nft ruleset, against the real kernel:
 * a network namespace gets iptables-nft rules (Docker's) and a native table
 * (`inet hostfw`, with a comment carrying an escape sequence); `iptx
 * capture --live` runs inside it. The bundle carries nft.json as `nft -j
 * list ruleset` prints it, says which tables are native and which
 * iptables-nft's, and packets run through it meet the native chain. Root
 * only; nothing here touches the firewall outside the namespace.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSession } from "../../source/cli/explore-session.js";
import { loadInputs } from "../../source/cli/inputs.js";
import { buildSimulationContext } from "../../source/cli/simulation-context.js";
import {
	createEngineState,
	escapeTerminalText,
	eventText,
	parsePacketSpec,
	simulate,
} from "../../source/engine/index.js";
import { listChain } from "../../source/ui/state/chain-listing.js";
import { rulesetOutline } from "../../source/ui/state/ruleset-outline.js";
import { requirePrerequisites } from "../helpers/root-tests.js";
import {
	buildCaptureScript,
	captureIn,
	createDockerHost,
	fixtures,
	inNs as inNamespace,
	probeNamespaces,
} from "./netns-host.js";

const tag = `${process.pid}`;

const ready = probeNamespaces(["nft", "iptables-nft-restore", "ipset"]);
requirePrerequisites(
	ready.ok,
	`live nft namespace tests skipped: ${ready.reason}`,
);

const ns = `iptx-live-nft-${tag}`;
const buildDir = mkdtempSync(path.join(os.tmpdir(), "iptx-nft-build-"));
const captureScript = path.join(buildDir, "capture.mjs");
const work = mkdtempSync(path.join(os.tmpdir(), "iptx-nft-netns-"));

function inNs(command: readonly string[], input?: string): string {
	return inNamespace(ns, command, input);
}

/** The Docker-style host of netns.test.ts, plus a native nft table. */
function createHost(): void {
	createDockerHost(ns);
	inNs(
		["iptables-nft-restore"],
		readFileSync(path.join(fixtures, "docker.rules"), "utf8"),
	);
	const native = readFileSync(path.join(fixtures, "native.nft"), "utf8");
	inNs(["nft", "-f", "-"], native.replace("@ESC@", "\u001b[2J"));
}

describe.skipIf(!ready.ok)(
	"iptx capture --live on a host with an nft ruleset",
	() => {
		beforeAll(async () => {
			await buildCaptureScript(captureScript);
			createHost();
		}, 120_000);

		afterAll(() => {
			spawnSync("ip", ["netns", "del", ns]);
			rmSync(buildDir, { recursive: true, force: true });
			rmSync(work, { recursive: true, force: true });
		});

		test("the bundle carries nft.json, names native and iptables-nft tables, and packets meet the native chain", async () => {
			const out = path.join(work, "bundle");
			const run = captureIn(ns, captureScript, out, {
				args: ["--no-conntrack"],
			});
			expect(run.stderr).toBe("");
			expect(run.status).toBe(0);
			expect(run.stdout).toContain("/nft -j list ruleset");
			expect(run.stdout).toContain("native nftables tables: inet hostfw");
			expect(run.stdout).toMatch(
				/written by iptables-nft \(the iptables-save rules\): ip (filter|nat), ip (filter|nat)/,
			);

			const bundled = JSON.parse(
				readFileSync(path.join(out, "nft.json"), "utf8"),
			);
			const live = JSON.parse(inNs(["nft", "-j", "list", "ruleset"]));
			const tables = (json: {
				nftables: { table?: { family: string; name: string } }[];
			}) =>
				json.nftables
					.flatMap((o) =>
						o.table ? [`${o.table.family} ${o.table.name}`] : [],
					)
					.sort();
			expect(tables(bundled)).toEqual(tables(live));

			const loaded = await loadInputs({ rules: out });
			if (!loaded.ok) throw new Error(loaded.error);
			expect(loaded.iptablesNft).toBe(true);
			const session = buildSession(loaded, undefined);
			expect(session.nftAbsent).toBeUndefined();
			const outline = rulesetOutline(session.context);
			expect(outline).toContainEqual(
				expect.objectContaining({ kind: "table", table: "inet hostfw" }),
			);
			expect(outline).toContainEqual(
				expect.objectContaining({
					kind: "chain",
					table: "inet hostfw",
					chain: "input",
					head: "type filter hook input priority filter - 1 (-1); policy accept",
				}),
			);

			// The comment's escape sequence reaches the pane escaped, never raw.
			const blocked = listChain(session.context, "inet hostfw", "input").rule(
				0,
			);
			expect(blocked?.body).toContain("\u001b[2J");
			expect(escapeTerminalText(blocked?.body ?? "")).toContain(
				'comment "blocked \\x1b[2J"',
			);

			const { context } = buildSimulationContext(loaded);
			let state = createEngineState();
			const fates: string[] = [];
			const events: string[][] = [];
			for (const [index, spec] of [
				"tcp 198.51.100.7:40000 > 10.0.2.15:22 in eth0 syn",
				"tcp 10.0.2.3:40001 > 10.0.2.15:22 in eth0 syn",
			].entries()) {
				const parsed = parsePacketSpec(spec, { defaultTime: index });
				if (!parsed.ok) throw new Error(parsed.error);
				const result = simulate(context, parsed.input, state, {});
				state = result.state;
				fates.push(result.trace.fate.kind);
				events.push(result.trace.events.map(eventText));
			}
			expect(fates).toEqual(["dropped", "delivered"]);
			expect(
				events[0]?.some((e) => /^nft:inet:hostfw:input:rule:\d+:drop$/.test(e)),
			).toBe(true);
			expect(
				events[1]?.some((e) =>
					/^nft:inet:hostfw:input:rule:\d+:accept$/.test(e),
				),
			).toBe(true);
		});
	},
);
