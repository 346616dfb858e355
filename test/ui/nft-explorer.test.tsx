/**
 * The explorer on nftables hosts, through the real engine and the CLI's own
 * session builder: the recorded Docker 29 host (sample docker29-nft) stepped
 * end to end in nft syntax, a verdict map opened from the tables list and
 * from its rule, and a host running iptables-legacy and a native nft table
 * on the same hooks (test/fixtures/scenarios-nft/nft-mixed-legacy).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { cleanup, render } from "ink-testing-library";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { buildSession } from "../../source/cli/explore-session.js";
import { loadInputs } from "../../source/cli/inputs.js";
import { App } from "../../source/ui/app.js";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import type { Session } from "../../source/ui/engine-port.js";
import { asciiGlyphs } from "../../source/ui/lib/glyphs.js";
import { keys, press } from "./helpers/keys.js";

afterEach(() => {
	cleanup();
});

const theme = { glyphs: asciiGlyphs, color: false };
const mixedDir = path.join(
	import.meta.dirname,
	"../fixtures/scenarios-nft/nft-mixed-legacy",
);

function start(session: Session) {
	const app = render(
		<App engine={engineAdapter} session={session} theme={theme} />,
	);
	return { ...app, frame: () => app.lastFrame() ?? "" };
}

let docker29: Session;
let mixedSession: (presets: readonly string[]) => Session;

beforeAll(async () => {
	const loaded = await loadInputs({ sample: "docker29-nft" });
	if (!loaded.ok) throw new Error(loaded.error);
	docker29 = buildSession(loaded, "docker29-nft");
	const kernel = JSON.parse(
		readFileSync(path.join(mixedDir, "kernel.json"), "utf8"),
	) as { host: { ip_addr: unknown; ip_route: unknown } };
	mixedSession = (presets) =>
		buildSession(
			{
				ok: true,
				rulesText: readFileSync(path.join(mixedDir, "rules.v4"), "utf8"),
				rulesSource: "rules.v4",
				nftText: readFileSync(path.join(mixedDir, "ruleset.nft"), "utf8"),
				nftSource: "ruleset.nft",
				addrText: JSON.stringify(kernel.host.ip_addr),
				routeText: JSON.stringify(kernel.host.ip_route),
				presets,
				origin: "file",
				commands: [],
				notes: [],
			},
			undefined,
		);
});

describe("explorer on the Docker 29 nftables host", () => {
	test("a published port stepped end to end in nft syntax, rules named by handle", async () => {
		const app = start(docker29);
		expect(app.frame()).toContain("(sample docker29-nft)");
		// m: the next rule that matched: the jump from nat-PREROUTING, then the DNAT.
		await press(app.stdin, "m");
		await vi.waitFor(() =>
			expect(app.frame()).toContain("Rules: ip docker-bridges nat-PREROUTING"),
		);
		expect(app.frame()).toMatch(/> 24 \+ fib daddr type local counter/);
		expect(app.frame()).toContain(
			"handle 24 matched -> jump nat-prerouting-and-output",
		);
		expect(app.frame()).toContain("-300 raw-PREROUTING (ip");
		await press(app.stdin, "m");
		await vi.waitFor(() =>
			expect(app.frame()).toMatch(
				/> 25 \+ iifname != "docker0" tcp dport 8080 counter/,
			),
		);
		expect(app.frame()).toContain("handle 25 matched -> accept");
		expect(app.frame()).toContain('26   iifname != "br-net2"');
		await press(app.stdin, keys.enter);
		await vi.waitFor(() =>
			expect(app.frame()).toContain("= forwarded -> docker0"),
		);
		const end = app.frame();
		expect(end).toContain("dnat dst 10.0.2.15:8080 -> 172.17.0.2:80");
		expect(end).toContain("Rules: ip docker-bridges nat-POSTROUTING");
		expect(end).toContain("end of nat-POSTROUTING: policy accept");
		expect(end).toMatch(/22 x iifname vmap @nat-postrouting-out-jumps/);
	});

	test("the forward hook: the admin table's chain (priority -1) before Docker's (0)", async () => {
		const app = start(docker29);
		await press(app.stdin, keys.enter);
		await vi.waitFor(() =>
			expect(app.frame()).toContain("0 filter-FORWARD (ip"),
		);
		const frame = app.frame();
		expect(frame.indexOf("-1 forward (inet admin)")).toBeGreaterThan(-1);
		expect(frame.indexOf("-1 forward (inet admin)")).toBeLessThan(
			frame.indexOf("0 filter-FORWARD"),
		);
	});

	test("t lists the tables; a verdict map's elements open from it and from its rule", async () => {
		const app = start(docker29);
		await press(app.stdin, "t");
		await vi.waitFor(() =>
			expect(app.frame()).toContain("Tables: 0 iptables, 2 nft"),
		);
		expect(app.frame()).toContain(
			"chain filter-FORWARD  2 rules  type filter hook forward priority filter (0); policy accept",
		);
		expect(app.frame()).toContain("nft table inet admin");
		await press(app.stdin, "j", keys.enter);
		await vi.waitFor(() =>
			expect(app.frame()).toContain(
				"map ip docker-bridges filter-forward-in-jumps: 2 elements",
			),
		);
		expect(app.frame()).toContain(
			'>  "docker0" : jump filter-forward-in__docker0',
		);
		// Back to the list, then a chain: its rules show in the Rules pane.
		await press(app.stdin, keys.escape);
		await vi.waitFor(() => expect(app.frame()).toContain("Tables:"));
		await press(app.stdin, "j", "j", "j", "j", keys.enter);
		await vi.waitFor(() =>
			expect(app.frame()).toContain("Rules: ip docker-bridges filter-FORWARD"),
		);
		await press(app.stdin, "s");
		await vi.waitFor(() =>
			expect(app.frame()).toContain(
				"map ip docker-bridges filter-forward-in-jumps",
			),
		);
		await press(app.stdin, keys.escape, "/", ..."br-net2", keys.enter);
		await vi.waitFor(() =>
			expect(app.frame()).toContain("found in ip docker-bridges"),
		);
	});
});

describe("explorer on a host with iptables-legacy and nft tables on the same hooks", () => {
	test("the Path pane holds both; the nft chain at equal priority runs first and drops", async () => {
		const app = start(
			mixedSession(["tcp 10.0.2.3:49203 > 10.0.2.15:23 in eth0 syn"]),
		);
		expect(app.frame()).toContain("(rules.v4 + ruleset.nft)");
		await press(app.stdin, keys.enter);
		await vi.waitFor(() => expect(app.frame()).toContain("= DROPPED"));
		const frame = app.frame();
		expect(frame).toContain("nat PREROUTING");
		expect(frame).toContain("0 input (inet host)");
		expect(frame).toContain('> 1 + tcp dport 23 log prefix "nft-in: " drop');
		expect(frame).not.toContain("filter INPUT");
		expect(frame).toContain("nft-in: IN=eth0");
		expect(frame).not.toContain("legacy-in:");
	});

	test("a forwarded packet meets the legacy filter table, then nft at filter + 5", async () => {
		const app = start(
			mixedSession(["tcp 10.0.2.3:49201 > 10.0.2.15:8080 in eth0 syn"]),
		);
		await press(app.stdin, keys.enter);
		await vi.waitFor(() =>
			expect(app.frame()).toContain("= forwarded -> docker0"),
		);
		const frame = app.frame();
		expect(frame.indexOf("filter FORWARD")).toBeGreaterThan(-1);
		expect(frame.indexOf("filter FORWARD")).toBeLessThan(
			frame.indexOf("5 forward (inet host)"),
		);
		expect(frame).toContain("nft-dnat: IN=eth0 OUT=docker0");
	});

	test("t shows iptables and nft tables together", async () => {
		const app = start(mixedSession([]));
		await press(app.stdin, keys.escape, "t");
		await vi.waitFor(() =>
			expect(app.frame()).toContain("Tables: 2 iptables, 1 nft"),
		);
		expect(app.frame()).toContain("iptables table nat");
		expect(app.frame()).toContain("nft table inet host");
	});
});
