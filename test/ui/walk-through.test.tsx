/**
 * The new user's walk-through from issue #4, on the real engine and the
 * default sample: step to the DNAT, run to the end (forwarded, LOG line),
 * send the reply (ESTABLISHED, source rewritten back), then build a UDP
 * packet from a container to 10.0.2.3:53 and see MASQUERADE.
 */
import { cleanup, render } from "ink-testing-library";
import { afterEach, expect, test, vi } from "vitest";
import { App } from "../../source/ui/app.js";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import { asciiGlyphs } from "../../source/ui/lib/glyphs.js";
import { keys, press } from "./helpers/keys.js";
import { sampleSession } from "./helpers/sample-session.js";

afterEach(() => {
	cleanup();
});

const clear = Array<string>(24).fill(keys.backspace);

test("walk-through: DNAT, forward, LOG, reply, MASQUERADE", async () => {
	const session = sampleSession("docker-seed");
	const { stdin, lastFrame } = render(
		<App
			engine={engineAdapter}
			session={session}
			theme={{ glyphs: asciiGlyphs, color: false }}
		/>,
	);
	const frame = () => lastFrame() ?? "";
	expect(frame()).toContain(
		"iptx  maddog  (sample docker-seed)  packet 1 (preset)  step 1/",
	);

	// n until the DNAT to 172.17.0.3:1000 shows
	for (let i = 0; i < 60 && !/DNAT.*-> 172\.17\.0\.3:1000/.test(frame()); i++) {
		await press(stdin, "n");
	}
	expect(frame()).toMatch(/DNAT dst 10\.0\.2\.15:1002 -> 172\.17\.0\.3:1000/);
	expect(frame()).toContain("nat DOCKER");

	// enter: forwarded to docker0, the LOG line in messages form
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("= forwarded -> docker0"));
	expect(frame()).toContain(
		"Jul 25 03:54:35 maddog kernel: IN=eth0 OUT=docker0 ",
	);
	expect(frame()).toContain("DST=172.17.0.3");

	// R: the reply passes as ESTABLISHED with its source rewritten back
	await press(stdin, "R");
	await vi.waitFor(() => expect(frame()).toContain("packet 2/2 (reply)"));
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("= forwarded -> eth0"));
	expect(frame()).toMatch(/conntrack ESTABLISHED/);
	expect(frame()).toMatch(/src 172\.17\.0\.3:1000 -> 10\.0\.2\.15:1002/);

	// p: a UDP packet from a container to 10.0.2.3:53
	await press(stdin, "p");
	await vi.waitFor(() => expect(frame()).toContain("Packet builder"));
	// The list registers its key handler in an effect after the first frame.
	await new Promise((resolve) => setImmediate(resolve));
	await press(stdin, keys.down); // protocol: udp
	await vi.waitFor(() => expect(frame()).toMatch(/> protocol\s+udp/));
	await press(
		stdin,
		keys.tab,
		...clear,
		..."172.17.0.2",
		keys.tab,
		...clear,
		..."60692",
	);
	await press(
		stdin,
		keys.tab,
		...clear,
		..."10.0.2.3",
		keys.tab,
		...clear,
		..."53",
		keys.tab,
	);
	// The builder opened with the original packet (in eth0), not the reply.
	await vi.waitFor(() => expect(frame()).toMatch(/> in iface\s+eth0/));
	await new Promise((resolve) => setImmediate(resolve));
	await press(stdin, keys.down);
	await vi.waitFor(() => expect(frame()).toMatch(/> in iface\s+docker0/));
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("packet 3/3 (builder)"));
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("= forwarded -> eth0"));
	expect(frame()).toMatch(
		/MASQUERADE src 172\.17\.0\.2:60692 -> 10\.0\.2\.15:\d+/,
	);
});
