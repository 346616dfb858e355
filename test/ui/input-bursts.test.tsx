/**
 * Keys that arrive in one read (a paste, a held Backspace, typing over SSH)
 * are split into the keys they contain, in the builder's fields and in the
 * `/` prompt; the fields edit like a terminal's line (issue #14).
 */
import { cleanup } from "ink-testing-library";
import { afterEach, expect, test, vi } from "vitest";
import { keys, press } from "./helpers/keys.js";
import { startSample } from "./helpers/start-sample.js";

afterEach(() => {
	cleanup();
});

const start = startSample;

test("two Backspaces in one read delete two characters", async () => {
	const { stdin, frame } = start();
	await press(stdin, "p");
	await vi.waitFor(() => expect(frame()).toContain("Packet builder"));
	await press(stdin, keys.tab); // source: 10.0.2.3
	await vi.waitFor(() => expect(frame()).toMatch(/> source\s+10\.0\.2\.3_/));
	await press(stdin, "\u007F\u007F");
	await vi.waitFor(() => expect(frame()).toMatch(/> source\s+10\.0\.2_/));
	expect(frame()).not.toContain("\u007F");
});

test("an address and a Tab in one read: the tab moves to the next field", async () => {
	const { stdin, frame } = start();
	await press(stdin, "p", keys.tab, "\u0015"); // ctrl+u empties the field
	await vi.waitFor(() => expect(frame()).toMatch(/> source\s+_/));
	await press(stdin, "172.17.0.2\t");
	await vi.waitFor(() => expect(frame()).toMatch(/> src port\s+45000_/));
	expect(frame()).toMatch(/ source\s+172\.17\.0\.2\s/);
	expect(frame()).not.toMatch(/source.*! need/);
});

test("line editing: left, home, end, ctrl+w in a field", async () => {
	const { stdin, frame } = start();
	await press(stdin, "p", keys.tab, "\u0015", "10.0.2.3");
	await press(stdin, keys.left, keys.left);
	await vi.waitFor(() => expect(frame()).toMatch(/> source\s+10\.0\.2\[\.\]3/));
	await press(stdin, "9");
	await press(stdin, keys.end);
	await vi.waitFor(() => expect(frame()).toMatch(/> source\s+10\.0\.29\.3_/));
	await press(stdin, keys.home, "1");
	await vi.waitFor(() =>
		expect(frame()).toMatch(/> source\s+1\[1\]0\.0\.29\.3/),
	);
	await press(stdin, keys.end, "\u0017"); // ctrl+w: the whole word
	await vi.waitFor(() => expect(frame()).toMatch(/> source\s+_/));
});

test("the / prompt takes a burst with its enter", async () => {
	const { stdin, frame } = start();
	await press(stdin, "/");
	await press(stdin, "dport 1002x\u007F\r");
	await vi.waitFor(() =>
		expect(frame()).toContain("found in nat DOCKER rule 2"),
	);
});

test("a burst of n in the main screen is three steps", async () => {
	const { stdin, frame } = start();
	await vi.waitFor(() => expect(frame()).toMatch(/step 1\//));
	await press(stdin, "nnn");
	await vi.waitFor(() => expect(frame()).toMatch(/step 4\//));
});
