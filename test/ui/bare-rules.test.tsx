/**
 * A bare rules file (issue #14): host files beside it are read; without them
 * a host is assumed from what the rules name and the explorer says so;
 * a file the kernel would refuse shows its diagnostics, grouped.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanup, render } from "ink-testing-library";
import { afterEach, expect, test, vi } from "vitest";
import {
	buildSession,
	withCompanions,
} from "../../source/cli/explore-session.js";
import { loadInputs } from "../../source/cli/inputs.js";
import {
	assumeHost,
	createEngineState,
	parsePacketSpec,
	parseRuleset,
	simulate,
} from "../../source/engine/index.js";
import { App } from "../../source/ui/app.js";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import { asciiGlyphs } from "../../source/ui/lib/glyphs.js";
import { groupDiagnostics } from "../../source/ui/lib/group-diagnostics.js";

afterEach(() => {
	cleanup();
});

const samples = path.join(import.meta.dirname, "..", "..", "samples");
const seedRules = readFileSync(
	path.join(samples, "docker-seed", "iptables.rules"),
	"utf8",
);

async function sessionFor(files: Record<string, string>) {
	const dir = mkdtempSync(path.join(tmpdir(), "iptx-bare-"));
	for (const [name, text] of Object.entries(files)) {
		writeFileSync(path.join(dir, name), text);
	}
	const rules = path.join(dir, "rules.txt");
	const inputs = await loadInputs({ rules });
	if (!inputs.ok) throw new Error(inputs.error);
	return buildSession(withCompanions(inputs, rules, {}), undefined);
}

test("host files beside the rules are read (no host assumed)", async () => {
	const session = await sessionFor({
		"rules.txt": seedRules,
		"ip-addr.txt": readFileSync(
			path.join(samples, "docker-seed", "ip-addr.txt"),
			"utf8",
		),
		"route-n.txt": readFileSync(
			path.join(samples, "docker-seed", "route-n.txt"),
			"utf8",
		),
	});
	expect(session.assumedHost).toBeUndefined();
	expect(session.notes.join("\n")).toMatch(
		/read beside the rules: .*ip-addr\.txt, .*route-n\.txt/,
	);
	expect(session.context.host.host.interfaces.map((i) => i.name)).toContain(
		"docker0",
	);
});

test("a bare file gets a stated host built from what its rules name: the DNAT'd packet is forwarded, not 'no route'", async () => {
	const session = await sessionFor({ "rules.txt": seedRules });
	expect(session.assumedHost?.join("\n")).toMatch(/docker0 172\.17\.0\.1\/16/);
	expect(session.assumedHost?.join("\n")).toMatch(
		/eth0 192\.0\.2\.2\/24, default route/,
	);
	const packet = parsePacketSpec(
		"tcp 192.0.2.3:45000 > 192.0.2.2:1002 in eth0 syn",
	);
	if (!packet.ok) throw new Error(packet.error);
	const fate = simulate(session.context, packet.input, createEngineState())
		.trace.fate;
	expect(fate).toMatchObject({ kind: "forwarded", device: "docker0" });
	const { lastFrame } = render(
		<App
			engine={engineAdapter}
			session={session}
			theme={{ glyphs: asciiGlyphs, color: false }}
		/>,
	);
	expect(lastFrame()).toContain("ASSUMED HOST");
	expect(lastFrame()).toContain("--addr FILE");
	expect(lastFrame()).toContain("iptx capture -o DIR");
});

test("a file the kernel would refuse opens on its diagnostics, grouped", async () => {
	const lines = Array.from(
		{ length: 1000 },
		(_, i) => `user${i}:x:${i}:${i}::/home:/bin/sh`,
	);
	const session = await sessionFor({
		"rules.txt": `${lines.join("\r\n")}\r\n`,
	});
	const { lastFrame } = render(
		<App
			engine={engineAdapter}
			session={session}
			theme={{ glyphs: asciiGlyphs, color: false }}
		/>,
	);
	await vi.waitFor(() => expect(lastFrame()).toContain("About these inputs"));
	expect(lastFrame()).toMatch(
		/error \d{3,4}x garbage at \S+ 1:1, 2:1, 3:1, \.\.\.: first: not/,
	);
	expect(lastFrame()).toMatch(/error crlf at /);
});

test("grouping: identical diagnostics are one line with a count and the first places", () => {
	const d = (line: number) => ({
		severity: "error",
		code: "bad-mac",
		message: "Bad mac address",
		source: "r",
		line,
		column: 5,
	});
	expect(groupDiagnostics([d(1), d(2), d(3), d(4)])).toEqual([
		"error 4x bad-mac at r 1:5, 2:5, 3:5, ...: first: Bad mac address",
	]);
});

test("the assumed uplink is one the rules name as such, else eth0 (never a bridge)", () => {
	const { ruleset } = parseRuleset(
		"*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -i br-1 -o br-1 -j ACCEPT\n-A FORWARD -s 172.18.0.0/16 -i br-2 -j ACCEPT\nCOMMIT\n",
		{ source: "r" },
	);
	const assumed = assumeHost(ruleset);
	expect(assumed.route).toContain("default via 192.0.2.1 dev eth0");
	expect(assumed.assumptions).toContain(
		"br-1 with no address (named by the rules)",
	);
	expect(assumed.assumptions).toContain(
		"br-2 172.18.0.1/16 (the rules put 172.18.0.0/16 behind br-2)",
	);
});
