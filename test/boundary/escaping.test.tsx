/**
 * Text from outside (rulesets, host files, bundles, packet lines, file
 * names, command-line packets) never reaches the terminal raw: ESC, an OSC
 * title sequence, CR and bidi overrides are fed through every output path.
 */
import {
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { render } from "ink-testing-library";
import { describe, expect, test } from "vitest";
import { terminalText } from "../../source/cli/terminal-out.js";
import { App } from "../../source/ui/app.js";
import { asciiGlyphs } from "../../source/ui/lib/glyphs.js";
import { rawControl, runCli, stackTrace } from "../helpers/run-cli.js";
import { fakeEngine, fakeSession } from "../ui/fixtures/fake-engine.js";

const esc = "\u001b[31m";
const osc = "\u001b]0;pwned\u0007";
const bidi = "\u202e";
const evil = `E${esc}V${osc}I${bidi}L`;
const dir = mkdtempSync(path.join(tmpdir(), `iptx-esc-${esc}-`));

const rules = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:${evil} - [0:0]
-A INPUT -j ${evil}
-A ${evil} -p tcp -m comment --comment "c${osc}\r${bidi}" -j LOG --log-prefix "p${esc}${bidi} "
COMMIT
`;
const rulesFile = path.join(dir, `rules${osc}.v4`);
writeFileSync(rulesFile, rules);
const device = `eth${esc}0`;
const addrFile = path.join(dir, "addr.json");
writeFileSync(
	addrFile,
	JSON.stringify([
		{
			ifindex: 2,
			ifname: "eth0",
			addr_info: [{ family: "inet", local: "10.0.0.1", prefixlen: 24 }],
		},
	]),
);
const logLine = (inDevice: string) =>
	`IN=${inDevice} OUT= SRC=10.0.0.2 DST=10.0.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=5 DPT=22 WINDOW=1 RES=0x00 SYN URGP=0`;
const packetsFile = path.join(dir, "p.log");
writeFileSync(
	packetsFile,
	`${logLine("eth0")}\r\n${logLine(device)}\r\n${osc}garbage${bidi}\r\n`,
);
const bundleDir = path.join(dir, "bundle");
mkdirSync(bundleDir);
writeFileSync(path.join(bundleDir, "iptables.rules"), rules);
writeFileSync(path.join(bundleDir, "ip-addr.json"), readFileSync(addrFile));
writeFileSync(
	path.join(bundleDir, "bundle.json"),
	JSON.stringify({
		format: "iptx-bundle/1",
		hostname: `host${osc}`,
		packets: [
			`tcp${esc} 10.0.0.2:5 > 10.0.0.1:22`,
			`tcp 10.0.0.2:5 > 10.0.0.1:22 in eth0 syn${bidi}`,
		],
	}),
);

const paths: readonly (readonly [string, readonly string[]])[] = [
	["check", ["check", rulesFile]],
	["check --json", ["check", "--json", rulesFile]],
	["check a missing file", ["check", path.join(dir, `no${osc}`)]],
	[
		"trace --verbose",
		[
			"trace",
			rulesFile,
			"--addr",
			addrFile,
			"--verbose",
			"tcp 10.0.0.2:5 > 10.0.0.1:22 in eth0 syn",
		],
	],
	[
		"trace an unknown interface",
		["trace", rulesFile, "--addr", addrFile, logLine(device)],
	],
	[
		"trace a bad protocol",
		["trace", rulesFile, `tc${esc}p 10.0.0.2:5 > 10.0.0.1:22`],
	],
	[
		"trace --json",
		["trace", rulesFile, "--addr", addrFile, "--json", logLine(device)],
	],
	[
		"replay text",
		[
			"replay",
			"--rules",
			rulesFile,
			"--addr",
			addrFile,
			"--packets",
			packetsFile,
			"--format",
			"text",
		],
	],
	[
		"replay messages",
		[
			"replay",
			"--rules",
			rulesFile,
			"--addr",
			addrFile,
			"--packets",
			packetsFile,
			"--format",
			"messages",
			"--hostname",
			`h${osc}`,
		],
	],
	[
		"replay jsonl",
		[
			"replay",
			"--rules",
			rulesFile,
			"--addr",
			addrFile,
			"--packets",
			packetsFile,
		],
	],
	["explorer (not a terminal)", [bundleDir]],
	["explorer, unknown sample", ["--sample", `x${esc}`]],
	["unknown option", [`--${osc}`]],
];

describe("no raw control character reaches the terminal", () => {
	test.each(paths)("%s", (name, args) => {
		const run = runCli(args);
		expect(run.timedOut).toBe(false);
		expect(run.stdout + run.stderr).not.toMatch(stackTrace);
		expect(rawControl(run.stdout)).toBeUndefined();
		expect(rawControl(run.stderr)).toBeUndefined();
		expect((run.stdout + run.stderr).length).toBeGreaterThan(0);
		if (name.includes("json") && run.stdout !== "") {
			for (const line of run.stdout.trim().split("\n"))
				expect(() => JSON.parse(line)).not.toThrow();
		}
	});

	test("jsonl keeps the outside text as the same JSON value", () => {
		const run = runCli(paths[9]?.[1] ?? []);
		const records = run.stdout
			.trim()
			.split("\n")
			.map((line) => JSON.parse(line) as { log?: string[] });
		expect(records[0]?.log?.[0]).toContain(`p${esc}${bidi} `);
	});

	test("the chain name in trace text is shown escaped", () => {
		const run = runCli(paths[3]?.[1] ?? []);
		expect(run.stdout).toContain(
			"→ chain E\\x1b[31mV\\x1b]0;pwned\\x07I\\u{202e}L (jump)",
		);
	});

	test("the escaping is the engine's, applied once per line", () => {
		expect(terminalText(`a${esc}\nb\t${bidi}`)).toBe(
			"a\\x1b[31m\nb\t\\u{202e}",
		);
		expect(terminalText(terminalText(evil))).toBe(terminalText(evil));
	});
});

test("the explorer's title escapes the bundle's host name and origin", () => {
	const session = {
		...fakeSession(),
		hostName: `host${osc}`,
		origin: `o${esc}`,
	};
	const { lastFrame, unmount } = render(
		<App
			engine={fakeEngine}
			session={session}
			theme={{ glyphs: asciiGlyphs, color: false }}
		/>,
	);
	const frame = lastFrame() ?? "";
	unmount();
	expect(frame).toContain("host\\x1b]0;pwned\\x07");
	expect(rawControl(frame)).toBeUndefined();
});

test("command code writes only through terminal-out", () => {
	const folder = path.join(import.meta.dirname, "..", "..", "source", "cli");
	for (const file of readdirSync(folder)) {
		if (file === "terminal-out.ts") continue;
		const text = readFileSync(path.join(folder, file), "utf8");
		expect(
			`${file}: ${/process\.std(out|err)\.write\((?!["`](?:\\r)?\\u001B)|console\./.test(text)}`,
		).toBe(`${file}: false`);
	}
});
