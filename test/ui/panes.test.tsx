import { renderToString } from "ink";
import { describe, expect, test } from "vitest";
import { keymap } from "../../source/ui/keymap/keymap.js";
import { asciiGlyphs } from "../../source/ui/lib/glyphs.js";
import { helpLines } from "../../source/ui/panes/help-overlay.js";
import { fitLogLines, LogPane } from "../../source/ui/panes/log-pane.js";
import { PacketPane } from "../../source/ui/panes/packet-pane.js";
import { PathPane } from "../../source/ui/panes/path-pane.js";
import { RuleList } from "../../source/ui/panes/rule-list.js";
import { footerText, StatusBar } from "../../source/ui/panes/status-bar.js";
import { selectChain } from "../../source/ui/state/chain-frames.js";
import { xtListing } from "../../source/ui/state/chain-listing.js";
import { selectJourney } from "../../source/ui/state/journey.js";
import { selectPacket } from "../../source/ui/state/selectors.js";
import {
	dnatTrace,
	fakeEngine,
	readRules,
	seedRules,
} from "./fixtures/fake-engine.js";

const theme = { glyphs: asciiGlyphs, color: false };
const at = (kind: string, nth = 1) => {
	let seen = 0;
	return dnatTrace.steps.findIndex((s) => s.kind === kind && ++seen === nth);
};

describe("panes at 80 columns", () => {
	test("path: hooks with tables, routing, the current hook marked", () => {
		const cursor = at("hook", 2);
		const out = renderToString(
			<PathPane
				journey={selectJourney(dnatTrace.steps, cursor)}
				family="ipv4"
				selected={undefined}
				shown={undefined}
				focused={false}
				width={30}
				height={6}
				theme={theme}
			/>,
			{ columns: 80 },
		);
		expect(out).toContain("  PREROUTING eth0");
		expect(out).toContain("    nat PREROUTING");
		expect(out).toContain("      nat DOCKER");
		expect(out).toContain("route: via docker0");
		expect(out).toContain("> FORWARD eth0->docker0");
	});

	test("rules: kernel numbers, > on the rule under evaluation, failed match below", () => {
		const cursor = at("rule", 2);
		const view = selectChain(dnatTrace.steps, cursor);
		const ruleset = readRules(seedRules);
		const rules = ruleset.tables.get("nat")?.chains.get("DOCKER")?.rules ?? [];
		const out = renderToString(
			<RuleList
				listing={xtListing("nat", "DOCKER", rules, undefined)}
				frame={view.frame}
				stack={view.stack}
				following
				browseRow={undefined}
				focused
				width={60}
				height={8}
				theme={theme}
				escapeText={fakeEngine.escapeTerminalText}
			/>,
			{ columns: 80 },
		);
		expect(out).toContain("[Rules: nat PREROUTING -> nat DOCKER]");
		expect(out).toMatch(/> 1 x ! -i docker0/);
		expect(out).toContain("#1 not matched: --dport 1000: dpt is 1002");
	});

	test("rules: a 100,000-rule chain renders only the visible rows", () => {
		const text = `*filter\n:INPUT ACCEPT [0:0]\n${Array.from({ length: 100_000 }, (_, i) => `-A INPUT -s 10.${i >> 16}.${(i >> 8) & 255}.${i & 255}/32 -j DROP`).join("\n")}\nCOMMIT\n`;
		const rules =
			readRules(text).tables.get("filter")?.chains.get("INPUT")?.rules ?? [];
		// Rows are windowed: only the visible rules are ever turned into text
		// (a wall-clock bound here failed on a loaded machine, not on the code).
		let rulesFormatted = 0;
		const countingEscape = (text: string): string => {
			rulesFormatted++;
			return fakeEngine.escapeTerminalText(text);
		};
		const out = renderToString(
			<RuleList
				listing={xtListing("filter", "INPUT", rules, "ACCEPT")}
				frame={undefined}
				stack={[]}
				following
				browseRow={99_990}
				focused
				width={60}
				height={12}
				theme={theme}
				escapeText={countingEscape}
			/>,
			{ columns: 80 },
		);
		expect(rulesFormatted).toBeGreaterThan(0);
		expect(rulesFormatted).toBeLessThan(100);
		expect(out).toMatch(/\* 99991 /);
		expect(out.split("\n").length).toBeLessThanOrEqual(12);
	});

	test("packet: arrived, now, the DNAT as before -> after, conntrack", () => {
		const view = selectPacket(dnatTrace, dnatTrace.steps.length - 1);
		const out = renderToString(
			<PacketPane
				view={view}
				formatPacket={fakeEngine.formatPacketShort}
				focused={false}
				width={80}
				height={7}
				theme={theme}
			/>,
			{ columns: 80 },
		);
		expect(out).toContain(
			"arrived tcp 10.0.2.3:45000 > 10.0.2.15:1002 in eth0",
		);
		expect(out).toContain("DNAT dst 10.0.2.15:1002 -> 172.17.0.3:1000");
		expect(out).toContain("mark 0x0  conntrack NEW");
	});

	test("log: the newest lines that fit, wrapped", () => {
		expect(fitLogLines(["a", "b".repeat(100), "c"], 0, 80, 3).rows).toEqual([
			"b".repeat(80),
			"  bbbbbbbbbbbbbbbbbbbb",
			"c",
		]);
		expect(fitLogLines(["a", "b", "c"], 1, 80, 3).rows).toEqual(["a", "b"]);
		const out = renderToString(
			<LogPane
				lines={["Jul 25 03:54:35 maddog kernel: IN=eth0"]}
				scroll={0}
				focused={false}
				width={80}
				height={3}
				theme={theme}
			/>,
			{ columns: 80 },
		);
		expect(out).toContain("Log: lines 1-1 of 1");
	});

	test("footer and help come from the keymap", () => {
		expect(footerText(keymap, "rules")).toContain("n step");
		expect(
			renderToString(
				<StatusBar
					keymap={keymap}
					scope="rules"
					message="hello"
					width={80}
					glyphs={asciiGlyphs}
				/>,
				{ columns: 80 },
			),
		).toBe("hello");
		expect(helpLines(keymap, "rules").join("\n")).toContain("n, space");
	});

	test("before the first table the rules pane says so instead of an empty chain", () => {
		const out = renderToString(
			<RuleList
				listing={undefined}
				frame={undefined}
				stack={[]}
				following
				browseRow={undefined}
				focused={false}
				width={60}
				height={6}
				theme={theme}
				escapeText={fakeEngine.escapeTerminalText}
			/>,
			{ columns: 80 },
		);
		expect(out).toContain("No chain yet");
		expect(out).not.toContain("filter ");
	});

	test("the footer fits 80 columns and always keeps help and quit", () => {
		const footer = footerText(keymap, "rules", 80);
		expect(footer.length).toBeLessThanOrEqual(80);
		expect(footer).toMatch(/\? help {2}q quit$/);
		expect(footerText(keymap, "rules", 20)).toBe("? help  q quit");
	});

	test("a long LOG line wraps at the pane width and the title stays", () => {
		const line = `Jul 25 03:54:35 maddog kernel: ${"X".repeat(150)}`;
		const out = renderToString(
			<LogPane
				lines={[line]}
				scroll={0}
				focused={false}
				width={80}
				height={4}
				theme={theme}
			/>,
			{ columns: 80 },
		);
		expect(out.split("\n")[0]).toContain("Log: lines 1-1 of 1");
		expect(out.split("\n")).toHaveLength(4);
	});
});
