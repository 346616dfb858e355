import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, test, vi } from "vitest";
import { App } from "../../source/ui/app.js";
import { asciiGlyphs, unicodeGlyphs } from "../../source/ui/lib/glyphs.js";
import { fakeEngine, fakeSession } from "./fixtures/fake-engine.js";
import { keys, press } from "./helpers/keys.js";

afterEach(() => {
	cleanup();
});

const theme = { glyphs: asciiGlyphs, color: false };

function start(presets?: readonly string[]) {
	return render(
		<App engine={fakeEngine} session={fakeSession(presets)} theme={theme} />,
	);
}

describe("App (fake engine)", () => {
	test("first frame: header, panes and the footer from the keymap", () => {
		const { lastFrame } = start();
		const frame = lastFrame() ?? "";
		expect(frame).toContain("iptx  maddog");
		expect(frame).toContain("step 1/");
		expect(frame).toContain("Path");
		expect(frame).toContain("Packet");
		expect(frame).toContain("n step");
		expect(frame).toContain("? help");
		expect(frame).toContain("> PREROUTING");
	});

	test("n walks into nat DOCKER; the failed match and the DNAT show", async () => {
		const { stdin, lastFrame } = start();
		await press(stdin, ...Array(10).fill("n"));
		await vi.waitFor(() =>
			expect(lastFrame()).toContain(
				"DNAT dst 10.0.2.15:1002 -> 172.17.0.3:1000",
			),
		);
		const frame = lastFrame() ?? "";
		expect(frame).toContain("Rules: nat PREROUTING -> nat DOCKER");
		expect(frame).toMatch(/> 2 \+ ! -i docker0 -p tcp -m tcp --dport 1002/);
		expect(frame).toMatch(/ {2}1 x ! -i docker0/);
	});

	test("enter runs to the end: forwarded, LOG line in messages form, escaped comment", async () => {
		const { stdin, lastFrame } = start();
		await press(stdin, keys.enter);
		await vi.waitFor(() =>
			expect(lastFrame()).toContain("= forwarded -> docker0"),
		);
		expect(lastFrame()).toContain(
			"Jul 25 03:54:35 maddog kernel: IN=eth0 OUT=docker0",
		);
		await press(stdin, "/", ..."evil", keys.enter, "v");
		await vi.waitFor(() => expect(lastFrame()).toContain("evil \\x1b[2J"));
		expect(lastFrame()).not.toContain("\u001b[2J");
	});

	test("R sends the reply: ESTABLISHED and the un-DNAT", async () => {
		const { stdin, lastFrame } = start();
		await press(stdin, keys.enter, "R");
		await vi.waitFor(() => expect(lastFrame()).toContain("packet 2/2 (reply)"));
		await press(stdin, keys.enter);
		await vi.waitFor(() =>
			expect(lastFrame()).toContain(
				"un-DNAT src 172.17.0.3:1000 -> 10.0.2.15:1002",
			),
		);
		expect(lastFrame()).toContain("conntrack ESTABLISHED_REPLY");
	});

	test("? shows help generated from the keymap; esc closes it", async () => {
		const { stdin, lastFrame } = start();
		await press(stdin, "?");
		await vi.waitFor(() =>
			expect(lastFrame()).toContain("send the reply to this packet"),
		);
		await press(stdin, keys.escape);
		await vi.waitFor(() => expect(lastFrame()).toContain("Packet"));
	});

	test("c shows the conntrack table", async () => {
		const { stdin, lastFrame } = start();
		await press(stdin, "c");
		await vi.waitFor(() =>
			expect(lastFrame()).toContain("Conntrack table: 1 entry"),
		);
		expect(lastFrame()).toContain(
			"src=10.0.2.3 dst=10.0.2.15 sport=45000 dport=1002",
		);
	});

	test("v shows the full rule text", async () => {
		const { stdin, lastFrame } = start();
		await press(stdin, ...Array(10).fill("n"), "v");
		await vi.waitFor(() =>
			expect(lastFrame()).toContain("nat DOCKER rule 2 (line"),
		);
		expect(lastFrame()).toContain(
			"-A DOCKER ! -i docker0 -p tcp -m tcp --dport 1002 -j DNAT --to-destination 172.17.0.3:1000",
		);
	});

	test("the builder reports a bad field beside it and does not crash", async () => {
		const { stdin, lastFrame } = start();
		await press(
			stdin,
			"p",
			keys.tab,
			...Array(9).fill(keys.backspace),
			..."10.0.2",
		);
		await vi.waitFor(() =>
			expect(lastFrame()).toContain(
				"source      10.0.2_  ! need an IPv4 or IPv6 address",
			),
		);
		await press(stdin, keys.enter);
		await vi.waitFor(() => expect(lastFrame()).toContain("! fix src"));
	});

	test("no preset: the app asks for a packet", () => {
		const { lastFrame } = start([]);
		expect(lastFrame()).toContain("press p to build one");
	});

	test("unicode glyphs when the locale allows", () => {
		const { lastFrame } = render(
			<App
				engine={fakeEngine}
				session={fakeSession()}
				theme={{ glyphs: unicodeGlyphs, color: false }}
			/>,
		);
		expect(lastFrame()).toContain("│");
		expect(lastFrame()).not.toContain("|");
	});
});
