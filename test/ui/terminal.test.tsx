/**
 * Any terminal (issue #14): frames fit 60×15 and 80×24, a smaller terminal
 * is told so, the ASCII theme sends no Unicode ellipsis, overlays fit and
 * scroll, a key rewrites only what changed, and the log is written to a
 * file in /var/log/messages form.
 */
import { afterEach, expect, test, vi } from "vitest";
import { App } from "../../source/ui/app.js";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import type { Session } from "../../source/ui/engine-port.js";
import { keymap } from "../../source/ui/keymap/keymap.js";
import { helpBindings } from "../../source/ui/keymap/resolve-key.js";
import { asciiGlyphs, unicodeGlyphs } from "../../source/ui/lib/glyphs.js";
import { keys, press } from "./helpers/keys.js";
import { renderAt, unmountAll } from "./helpers/render-at.js";
import { sampleSession } from "./helpers/sample-session.js";

afterEach(() => {
	unmountAll();
});

const ascii = { glyphs: asciiGlyphs, color: false };

function open(columns: number, rows: number, session?: Session) {
	return renderAt(
		<App
			engine={engineAdapter}
			session={session ?? sampleSession("docker-seed")}
			theme={ascii}
		/>,
		columns,
		rows,
	);
}

test("60x15: the header keeps the packet and step counter, the rules title its chain", async () => {
	const t = open(60, 15);
	await press(t.stdin, ..."nnnnnnnnnn");
	await vi.waitFor(() => expect(t.screen()).toMatch(/step 11\/36$/m));
	const lines = t.screen().split("\n");
	expect(lines[0]).toMatch(/packet 1 \(preset\) {2}step 11\/36$/);
	expect(t.screen()).toMatch(/nat DOCKER\]/);
	for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
	expect(t.screen()).not.toContain("\u2026");
});

test("80x24 frame: every line fits, the footer on the last row", async () => {
	const t = open(80, 24);
	await press(t.stdin, keys.enter);
	await vi.waitFor(() =>
		expect(t.screen()).toContain("= forwarded -> docker0"),
	);
	const lines = t.screen().split("\n");
	expect(lines).toHaveLength(24);
	expect(lines[23]).toMatch(/\? help {2}q quit$/);
	// the LOG line wraps between fields: the MAC address stays whole on one row
	expect(t.screen()).toContain("MAC=08:00:27:4e:66:a1:02:00:0a:00:02:03:08:00");
});

test("below the minimum size the app says what it needs", async () => {
	const t = open(40, 10);
	await vi.waitFor(() =>
		expect(t.screen()).toContain("terminal too small (need 50x12)"),
	);
});

test("help at 80x24 is laid out in columns; at 60x15 it scrolls to every key", async () => {
	const wide = open(80, 24);
	await press(wide.stdin, "?");
	await vi.waitFor(() => expect(wide.screen()).toContain("Keys ("));
	const row = wide
		.screen()
		.split("\n")
		.find((l) => l.includes("one step back"));
	expect(row).toMatch(/\S {2,}.*\S.* {2,}\S/); // two entries on one row
	unmountAll();
	const small = open(60, 15);
	await press(small.stdin, "?");
	await vi.waitFor(() => expect(small.screen()).toContain("j/k scroll"));
	const seen = new Set<string>();
	for (let i = 0; i < 40; i++) {
		for (const line of small.screen().split("\n")) seen.add(line.trim());
		await press(small.stdin, "j");
	}
	const all = [...seen].join("\n");
	for (const binding of helpBindings(keymap, "rules")) {
		expect(all).toContain(binding.description.slice(0, 20));
	}
});

test("a key rewrites only the lines it changed, never the whole screen", async () => {
	const t = open(160, 50);
	await vi.waitFor(() => expect(t.screen()).toContain("step 1/36"));
	const first = t.takeBytes();
	const before = t.stdout.writes.length;
	await press(t.stdin, "n");
	await vi.waitFor(() => expect(t.screen()).toContain("step 2/36"));
	const perKey = t.takeBytes();
	expect(t.stdout.writes.slice(before).join("")).not.toContain("\u001B[2J");
	expect(perKey).toBeLessThan(first / 3);
});

test("NO_COLOR / C locale: no Unicode ellipsis anywhere, even where text is cut", async () => {
	const t = open(50, 14);
	await press(t.stdin, keys.enter, "v", keys.escape, "p", keys.escape, "?");
	await vi.waitFor(() => expect(t.screen()).toContain("Keys ("));
	expect(t.stdout.writes.join("")).not.toContain("\u2026");
	expect(t.stdout.writes.join("")).toContain("...");
});

test("unicode theme cuts with the Unicode ellipsis", async () => {
	const t = renderAt(
		<App
			engine={engineAdapter}
			session={sampleSession("docker-seed")}
			theme={{ glyphs: unicodeGlyphs, color: false }}
		/>,
		50,
		14,
	);
	await press(t.stdin, keys.enter);
	await vi.waitFor(() => expect(t.screen()).toContain("\u2026"));
});

test("w writes the log in /var/log/messages form; the Log pane scrolls and never goes blank", async () => {
	const written: { path: string; text: string }[] = [];
	const session: Session = {
		...sampleSession("docker-seed"),
		writeNewFile: (path, text) => {
			written.push({ path, text });
			return undefined;
		},
	};
	const t = open(80, 24, session);
	await press(t.stdin, keys.enter, "w");
	await vi.waitFor(() =>
		expect(t.screen()).toContain("write the log to: iptx-maddog-messages.log_"),
	);
	await press(t.stdin, "\u0017", "out.log", keys.enter);
	await vi.waitFor(() =>
		expect(t.screen()).toContain("wrote 1 log lines to out.log"),
	);
	expect(written).toEqual([
		{
			path: "out.log",
			text: expect.stringMatching(
				/^Jul 25 03:54:35 maddog kernel: IN=eth0 OUT=docker0 MAC=\S+ SRC=10\.0\.2\.3 DST=172\.17\.0\.3 .*\n$/,
			),
		},
	]);
	// focus the log (tab x3 from the rules) and scroll far up: the line stays
	await press(t.stdin, keys.tab, keys.tab, "k", "k", "k", "k");
	await vi.waitFor(() => expect(t.screen()).toContain("[Log: lines 1-1 of 1"));
	expect(t.screen()).toContain("Jul 25 03:54:35 maddog kernel:");
});
