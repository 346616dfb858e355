/**
 * Live mode against the real kernel: builds a host in a network namespace,
 * loads a ruleset with iptables-{legacy,nft}-restore there, runs
 * `iptx capture --live` inside it and checks the bundle. Root only; nothing
 * here touches the firewall outside the namespaces it creates.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadInputs, settingsFromSysctl } from "../../source/cli/inputs.js";
import { buildSimulationContext } from "../../source/cli/simulation-context.js";
import {
	createEngineState,
	parsePacketSpec,
	simulate,
} from "../../source/engine/index.js";
import { emptyTables6Note } from "../../source/live/ipv6-read.js";
import { requirePrerequisites } from "../helpers/root-tests.js";
import {
	buildCaptureScript,
	captureIn as captureLive,
	createDockerHost,
	fixtures,
	inNs,
	probeNamespaces,
	repo,
} from "./netns-host.js";

const rulesFixture = readFileSync(path.join(fixtures, "docker.rules"), "utf8");
/** The ip6tables rules of the recorded Docker 28 dual-stack host. */
const rules6Fixture = (
	JSON.parse(
		readFileSync(
			path.join(repo, "test/fixtures/scenarios/docker6-dual-stack/kernel.json"),
			"utf8",
		),
	) as { ip6tables_save_before: string }
).ip6tables_save_before;
const tag = `${process.pid}`;

const netns = probeNamespaces([
	"iptables-legacy-restore",
	"iptables-nft-restore",
	"ipset",
]);
const namespaces: string[] = [];
/**
 * `iptx capture` bundled into one file in a folder any user can read: the
 * non-root case must not depend on where the project was cloned (a clone
 * under /root or a private mktemp folder is unreadable to that user).
 */
const buildDir = mkdtempSync(path.join(os.tmpdir(), "iptx-live-build-"));
chmodSync(buildDir, 0o755);
const captureScript = path.join(buildDir, "capture.mjs");
const work = mkdtempSync(path.join(os.tmpdir(), "iptx-netns-"));

function createHost(name: string): string {
	const ns = `iptx-live-${name}-${tag}`;
	namespaces.push(ns);
	createDockerHost(ns);
	return ns;
}

function captureIn(ns: string, out: string, asUser?: number) {
	return captureLive(
		ns,
		captureScript,
		out,
		asUser === undefined ? {} : { asUser },
	);
}

const packets = [
	"tcp 10.0.2.3:45000 > 10.0.2.15:1002 in eth0 syn",
	"tcp 10.0.2.3:45001 > 10.0.2.15:1000 in eth0 syn",
	"tcp 10.0.2.3:45002 > 10.0.2.15:22 in eth0 syn",
	"tcp 192.0.2.7:45003 > 10.0.2.15:22 in eth0 syn",
	"udp 172.17.0.2:60692 > 10.0.2.3:53 in docker0",
	"tcp 10.0.2.15:45004 > 10.0.2.15:1002 local syn",
];

type Loaded = Awaited<ReturnType<typeof loadInputs>>;

/** What a packet does, independent of where the rules came from (no line numbers). */
function traceAll(loaded: Loaded, sysctl: Record<string, string>): unknown[] {
	if (!loaded.ok) {
		throw new Error(loaded.error);
	}
	const { context } = buildSimulationContext(
		loaded,
		settingsFromSysctl(sysctl),
	);
	let state = createEngineState();
	return packets.map((spec, index) => {
		const parsed = parsePacketSpec(spec, { defaultTime: index });
		if (!parsed.ok) {
			throw new Error(`${spec}: ${parsed.error}`);
		}
		const result = simulate(context, parsed.input, state, {});
		state = result.state;
		const { events, logs, fate, packetOut } = result.trace;
		return { spec, events, logs, fate: fate.kind, packetOut };
	});
}

/** Table → its lines, without comments and with counters zeroed. */
function tables(text: string): Record<string, string[]> {
	const result: Record<string, string[]> = {};
	let current: string[] = [];
	for (const raw of text.split("\n")) {
		const line = raw.trim().replace(/\[\d+:\d+\]/g, "[0:0]");
		if (line === "" || line.startsWith("#")) {
			continue;
		}
		if (line.startsWith("*")) {
			current = [];
			result[line.slice(1)] = current;
		}
		current.push(line);
	}
	return result;
}

requirePrerequisites(netns.ok, `live namespace tests skipped: ${netns.reason}`);

describe.skipIf(!netns.ok)("iptx capture --live in a network namespace", () => {
	beforeAll(async () => {
		await buildCaptureScript(captureScript);
	}, 120_000);

	afterAll(() => {
		for (const ns of namespaces) {
			spawnSync("ip", ["netns", "del", ns]);
		}
		rmSync(buildDir, { recursive: true, force: true });
		rmSync(work, { recursive: true, force: true });
	});

	test.each([
		["legacy", { variant: "legacy", backend: "legacy" }],
		["nft", { variant: "nft", backend: "nf_tables" }],
	])(
		"iptables-%s: the bundle reproduces the loaded ruleset",
		async (_name, { variant, backend }) => {
			const ns = createHost(variant);
			inNs(ns, [`iptables-${variant}-restore`], rulesFixture);
			const out = path.join(work, variant);
			const run = captureIn(ns, out);
			expect(run.stderr).toBe("");
			expect(run.status).toBe(0);
			expect(run.stdout).toContain(`/iptables-${variant}-save`);

			const bundleRules = readFileSync(
				path.join(out, "iptables.rules"),
				"utf8",
			);
			expect(tables(bundleRules)).toEqual(
				tables(inNs(ns, [`iptables-${variant}-save`])),
			);
			expect(tables(bundleRules)).toEqual(tables(rulesFixture));
			const meta = JSON.parse(
				readFileSync(path.join(out, "bundle.json"), "utf8"),
			);
			expect(meta.backend).toBe(backend);
			const preferred = inNs(ns, ["iptables", "--version"]).includes(
				`(${backend})`,
			);
			// This host has no IPv6 rules: the capture says so. The nft half's
			// own note is test/live/nft-netns.test.ts's concern.
			expect(meta.notes).toContain(emptyTables6Note);
			expect(run.stdout).toContain(`note: ${emptyTables6Note}`);
			const notes = (meta.notes ?? []).filter(
				(note: string) =>
					!note.startsWith("nft list ruleset") && note !== emptyTables6Note,
			);
			expect(notes).toEqual(
				preferred
					? []
					: [
							expect.stringContaining(
								`only the ${backend === "legacy" ? "legacy (x_tables)" : "nf_tables"} backend holds rules`,
							),
						],
			);
			expect(readFileSync(path.join(out, "ipset.save"), "utf8")).toContain(
				"add iptx-blocked 192.0.2.7",
			);
			const addr = JSON.parse(
				readFileSync(path.join(out, "ip-addr.json"), "utf8"),
			);
			expect(addr.map((link: { ifname: string }) => link.ifname)).toEqual(
				expect.arrayContaining(["lo", "eth0", "docker0"]),
			);
			const route = JSON.parse(
				readFileSync(path.join(out, "ip-route.json"), "utf8"),
			);
			expect(route).toContainEqual(
				expect.objectContaining({
					dst: "default",
					gateway: "10.0.2.2",
					dev: "eth0",
				}),
			);
			const sysctl = JSON.parse(
				readFileSync(path.join(out, "sysctl.json"), "utf8"),
			);
			expect(sysctl).toHaveProperty(["net.ipv4.ip_forward"]);

			const loaded = await loadInputs({ rules: out });
			const original = await loadInputs({
				rules: path.join(fixtures, "docker.rules"),
				addr: path.join(out, "ip-addr.json"),
				route: path.join(out, "ip-route.json"),
				ipset: path.join(fixtures, "docker.ipset"),
				// iptables-nft's rules are nf_tables tables: traced as the kernel traces them.
				...(variant === "nft"
					? { nft: path.join(out, "nft.json"), iptablesBackend: "nft" }
					: {}),
			});
			const traced = traceAll(loaded, sysctl);
			expect(traced).toEqual(traceAll(original, sysctl));
			expect(traced.map((trace) => (trace as { fate: string }).fate)).toContain(
				"dropped",
			);
			expect(loaded).toMatchObject({
				ok: true,
				origin: "bundle",
				rulesText: bundleRules,
				backend,
			});
		},
	);

	test("IPv6: the bundle carries the same backend's ip6tables-save and the IPv6 routes; a packet crosses them", async () => {
		const ns = createHost("v6");
		const ip = (...args: string[]) => execFileSync("ip", ["-n", ns, ...args]);
		ip("-6", "addr", "add", "fd00:2::15/64", "dev", "eth0", "nodad");
		ip("-6", "addr", "add", "fd00:17::1/64", "dev", "docker0", "nodad");
		ip("-6", "route", "add", "default", "via", "fd00:2::2", "dev", "eth0");
		inNs(ns, ["iptables-legacy-restore"], rulesFixture);
		inNs(ns, ["ip6tables-legacy-restore"], rules6Fixture);
		// IPv6 forwarding is its own switch (off in a new namespace).
		inNs(ns, ["sysctl", "-qw", "net.ipv6.conf.all.forwarding=1"]);
		const out = path.join(work, "v6");
		const run = captureIn(ns, out);
		expect(run.stderr).toBe("");
		expect(run.status).toBe(0);
		expect(run.stdout).toMatch(
			/IPv6: read with \S*\/ip6tables-legacy-save \(\d+ rules\)/,
		);
		expect(run.stdout).not.toContain(emptyTables6Note);
		const rules6 = readFileSync(path.join(out, "ip6tables.rules"), "utf8");
		expect(tables(rules6)).toEqual(tables(rules6Fixture));
		const route6 = JSON.parse(
			readFileSync(path.join(out, "ip6route.json"), "utf8"),
		);
		expect(route6).toContainEqual(
			expect.objectContaining({ dst: "default", gateway: "fd00:2::2" }),
		);
		const loaded = await loadInputs({ rules: out });
		if (!loaded.ok) throw new Error(loaded.error);
		expect(loaded.rules6Text).toBe(rules6);
		expect(loaded.sysctl?.["net.ipv6.conf.all.forwarding"]).toBe("1");
		const { context } = buildSimulationContext(loaded);
		const parsed = parsePacketSpec(
			"tcp [fd00:2::3]:45000 > [fd00:2::15]:8080 in eth0 syn",
		);
		if (!parsed.ok) throw new Error(parsed.error);
		const { trace } = simulate(context, parsed.input, createEngineState());
		expect(trace.fate).toEqual({ kind: "forwarded", device: "docker0" });
		expect(trace.packetOut.dst).toBe("fd00:0017:0000:0000:0000:0000:0000:0002");
	});

	test("rules in both backends: the bundle says so", () => {
		const ns = createHost("both");
		inNs(ns, ["iptables-legacy-restore"], rulesFixture);
		inNs(ns, ["iptables-nft-restore"], rulesFixture);
		const out = path.join(work, "both");
		const run = captureIn(ns, out);
		expect(run.status).toBe(0);
		const meta = JSON.parse(
			readFileSync(path.join(out, "bundle.json"), "utf8"),
		);
		expect(meta.notes.join("\n")).toContain(
			"Both backends hold rules and the kernel applies both",
		);
		expect(run.stdout).toContain("Both backends hold rules");
	});

	test("as a non-root user: exit 4, says what needs root, writes nothing", () => {
		const ns = createHost("user");
		inNs(ns, ["iptables-nft-restore"], rulesFixture);
		const out = path.join(work, "user");
		const run = captureIn(ns, out, 65_534);
		expect(run.status).toBe(4);
		expect(run.stderr).toMatch(
			/Reading the firewall needs root: `\/usr\/sbin\/iptables-(legacy|nft)-save` was refused/,
		);
		expect(run.stderr).toContain(`sudo iptx capture --live -o ${out}`);
		expect(run.stdout).toBe("");
	});
});
