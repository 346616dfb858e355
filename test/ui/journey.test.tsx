/**
 * The whole journey (issue #14): the Path pane lists every chain the packet
 * visited and shows any of them with this packet's marks; marks stay when
 * browsing or searching after the run; stepping by chain; the packets of a
 * session stay switchable, each with its own trace.
 */
import { cleanup } from "ink-testing-library";
import { afterEach, expect, test, vi } from "vitest";
import { keys, press } from "./helpers/keys.js";
import { startSample } from "./helpers/start-sample.js";

afterEach(() => {
	cleanup();
});

const start = startSample;

test("the Path pane selects any chain visited; its rules show this packet's marks", async () => {
	const { stdin, frame } = start();
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("= forwarded -> docker0"));
	await press(stdin, keys.shiftTab);
	await vi.waitFor(() => expect(frame()).toContain("[Path IPv4]"));
	// from nat POSTROUTING (the last chain) up to nat DOCKER in PREROUTING
	await press(stdin, ..."kkkkkk");
	await vi.waitFor(() => expect(frame()).toMatch(/ \* {4}nat DOCKER/));
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("Rules: nat DOCKER"));
	expect(frame()).toMatch(/>\*2 \+ ! -i docker0 -p tcp -m tcp --dport 1002/);
	expect(frame()).toMatch(/ {2}1 x ! -i docker0 -p tcp -m tcp --dport 1000/);
	expect(frame()).toContain("#2 matched -> DNAT");
	// another visit: filter FORWARD, with the failed match of a rule
	await press(stdin, keys.shiftTab, "j", "j", "j", keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("Rules: filter FORWARD"));
	expect(frame()).toMatch(/ 1 \+ -m limit --limit 2\/min -j LOG/);
	expect(frame()).toContain("#2 matched -> jump to DOCKER");
	expect(frame()).toContain("this packet's marks");
});

test("searching after the run keeps the packet's marks on the rule that fired", async () => {
	const { stdin, frame } = start();
	await press(stdin, keys.enter, "/", ..."dport 1002", keys.enter);
	await vi.waitFor(() =>
		expect(frame()).toContain("found in nat DOCKER rule 2"),
	);
	expect(frame()).toContain("#2 matched -> DNAT");
	expect(frame()).not.toContain("not evaluated");
});

test("o steps over the jump to DOCKER; m runs to the next match; h to the next hook", async () => {
	const { stdin, frame } = start();
	await press(stdin, "m");
	await vi.waitFor(() => expect(frame()).toContain("Rules: nat PREROUTING"));
	expect(frame()).toMatch(/> 1 \+ .*-j DOCKER/);
	await press(stdin, "o");
	// DOCKER's DNAT ended the nat table: one key lands past it, at the routing decision
	await vi.waitFor(() => expect(frame()).toContain("route: via docker0"));
	expect(frame()).toContain("DNAT dst 10.0.2.15:1002 -> 172.17.0.3:1000");
	await press(stdin, "h");
	await vi.waitFor(() => expect(frame()).toMatch(/> FORWARD eth0->docker0/));
});

test("the packets of a session: [ and ] switch, each keeps its trace and step", async () => {
	const { stdin, frame } = start();
	await press(stdin, keys.enter, "R");
	await vi.waitFor(() => expect(frame()).toContain("packet 2/2 (reply)"));
	await press(stdin, "n", "n");
	await vi.waitFor(() =>
		expect(frame()).toMatch(/packet 2\/2 \(reply\) {2}step 3\//),
	);
	await press(stdin, "[");
	await vi.waitFor(() =>
		expect(frame()).toMatch(/packet 1\/2 \(preset\) {2}step 36\/36/),
	);
	expect(frame()).toContain("= forwarded -> docker0");
	await press(stdin, "]");
	await vi.waitFor(() =>
		expect(frame()).toMatch(/packet 2\/2 \(reply\) {2}step 3\//),
	);
});

test("a new packet does not silently finish the one being stepped", async () => {
	const { stdin, frame } = start();
	await press(stdin, "n", "n", "R");
	await vi.waitFor(() => expect(frame()).toContain("packet 2/2 (reply)"));
	expect(frame()).toContain("packet 1 kept at its step");
	await press(stdin, "[");
	await vi.waitFor(() =>
		expect(frame()).toMatch(/packet 1\/2 \(preset\) {2}step 3\//),
	);
});

test("the builder opens with the original packet, not the reply shown", async () => {
	const { stdin, frame } = start();
	await press(stdin, keys.enter, "R", "p");
	await vi.waitFor(() => expect(frame()).toContain("Packet builder"));
	expect(frame()).toMatch(/source\s+10\.0\.2\.3\b/);
	expect(frame()).toMatch(/in iface\s+eth0/);
});

test("P opens the presets from the main screen", async () => {
	const { stdin, frame } = start();
	await press(stdin, "P");
	await vi.waitFor(() => expect(frame()).toMatch(/> preset/));
	expect(frame()).toContain("tcp 10.0.2.3:45000 > 10.0.2.15:1002 in eth0 syn");
});
