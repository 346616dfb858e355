/**
 * An IPv6 packet end to end in the explorer (issue #11), on the real engine
 * and the recorded dual-stack Docker host: pasted in the short form, stepped
 * through ip6tables' tables (never iptables'), NAT66 before → after, the
 * IPv6 route, the REJECT and its LOG line; then one built field by field and
 * its reply un-DNATed.
 */
import { cleanup, render } from "ink-testing-library";
import { afterEach, expect, test, vi } from "vitest";
import { App } from "../../source/ui/app.js";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import { asciiGlyphs } from "../../source/ui/lib/glyphs.js";
import { dualStackSession } from "./helpers/dual-stack-session.js";
import { keys, press } from "./helpers/keys.js";

afterEach(() => {
	cleanup();
});

function start() {
	const app = render(
		<App
			engine={engineAdapter}
			session={dualStackSession()}
			theme={{ glyphs: asciiGlyphs, color: false }}
		/>,
	);
	return { ...app, frame: () => app.lastFrame() ?? "" };
}

const clear = Array<string>(40).fill(keys.backspace);

test("pasted IPv6 packet: ip6 tables, NAT66, IPv6 route, REJECT and its LOG line", async () => {
	const { stdin, frame } = start();
	await press(stdin, keys.escape, "p");
	await vi.waitFor(() => expect(frame()).toContain("Packet builder"));
	await press(stdin, keys.shiftTab); // paste log
	await press(
		stdin,
		"udp [fd00:2::4]:46106 > [fd00:2::15]:5353 in eth0 payload 7",
	);
	await vi.waitFor(() => expect(frame()).toMatch(/ source\s+fd00:2::4\s/));
	expect(frame()).toMatch(/ protocol\s+udp/);
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("packet 1 (builder)"));
	expect(frame()).toContain("Path IPv6");
	for (let i = 0; i < 40 && !/DNAT dst/.test(frame()); i++) {
		await press(stdin, "n");
	}
	expect(frame()).toContain("Rules: ip6 nat PREROUTING -> nat DOCKER");
	// The ip6tables rule, not the iptables one at the same place.
	expect(frame()).toContain("#3 matched -> DNAT [fd00:17::3]:5353");
	expect(frame()).not.toContain("172.17.0.3");
	expect(frame()).toMatch(
		/DNAT dst \[fd00:2::15\]:5353 -> \[fd00:17::3\]:5353/,
	);
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("= REJECTED"));
	expect(frame()).toContain("route: via docker0");
	expect(frame()).toContain("Rules: ip6 filter FORWARD -> filter DOCKER-USER");
	expect(frame()).toContain("REJECT with icmp6-port-unreachable");
	expect(frame()).toContain(
		"docker6 kernel: DOCKER-USER v6 reject: IN=eth0 OUT=docker0",
	);
	expect(frame()).toContain("HOPLIMIT=63");
});

test("built IPv6 packet: typed fields, forwarded by DNAT, the reply un-DNATed", async () => {
	const { stdin, frame } = start();
	await press(stdin, keys.escape, "p");
	await vi.waitFor(() => expect(frame()).toContain("Packet builder"));
	await press(stdin, keys.tab, ...clear, ..."fd00:2::3", keys.tab);
	await press(stdin, ...clear, ..."45000", keys.tab);
	await press(stdin, ...clear, ..."fd00:2::15", keys.tab);
	await press(stdin, ...clear, ..."8080");
	await vi.waitFor(() => expect(frame()).toMatch(/> dst port\s+8080_/));
	expect(frame()).not.toMatch(/! need/);
	await press(stdin, keys.tab);
	await vi.waitFor(() => expect(frame()).toMatch(/> in iface\s+docker0/));
	// The list registers its key handler in an effect after the first frame.
	await new Promise((resolve) => setImmediate(resolve));
	await press(stdin, keys.down);
	await vi.waitFor(() => expect(frame()).toMatch(/> in iface\s+eth0/));
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("packet 1 (builder)"));
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("= forwarded -> docker0"));
	expect(frame()).toMatch(/DNAT dst \[fd00:2::15\]:8080 -> \[fd00:17::2\]:80/);
	await press(stdin, "R");
	await vi.waitFor(() => expect(frame()).toContain("packet 2/2 (reply)"));
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("= forwarded -> eth0"));
	expect(frame()).toMatch(/conntrack ESTABLISHED/);
	expect(frame()).toMatch(/src \[fd00:17::2\]:80 -> \[fd00:2::15\]:8080/);
});
