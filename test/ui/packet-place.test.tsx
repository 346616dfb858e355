/**
 * The Packet pane's `now` line says where the packet is, as the kernel's
 * TRACE lines for the same packet do (recording scenarios/docker-seed: the
 * SYN to published port 1002, DNATed to a container): `in eth0` in
 * PREROUTING, and once routed out of docker0, `in eth0 out docker0`.
 */
import { cleanup } from "ink-testing-library";
import { afterEach, expect, test, vi } from "vitest";
import { readRecording } from "../helpers/recording.js";
import { keys, press } from "./helpers/keys.js";
import { startSample } from "./helpers/start-sample.js";

afterEach(() => {
	cleanup();
});

/** The devices of the kernel's TRACE events for the sample's first preset. */
function kernelPlaces(): readonly string[] {
	const recorded = readRecording("scenarios/docker-seed").packets.find(
		({ packet }) =>
			packet.includes("SRC=10.0.2.3 ") &&
			packet.includes("SPT=45000 DPT=1002 ") &&
			packet.includes(" SYN "),
	);
	if (!recorded) throw new Error("the recording has no SYN to port 1002");
	return recorded.events.map(({ packet }) => {
		const [, inDevice, outDevice] = /IN=(\S*) OUT=(\S*)/.exec(packet) ?? [];
		return `in ${inDevice}${outDevice ? ` out ${outDevice}` : ""}`;
	});
}

function nowLine(frame: string): string {
	return frame.split("\n").find((line) => line.startsWith("now ")) ?? "";
}

test("the now line follows the packet: in eth0, then in eth0 out docker0 after routing", async () => {
	const kernel = kernelPlaces();
	const [inPrerouting] = kernel;
	const afterRouting = kernel.find((place) => place.includes(" out "));
	expect([inPrerouting, afterRouting, kernel.at(-1)]).toEqual([
		"in eth0",
		"in eth0 out docker0",
		"in eth0 out docker0",
	]);
	const { stdin, frame } = startSample();
	expect(nowLine(frame())).toMatch(new RegExp(`\\[SYN\\] ${inPrerouting}$`));
	// m: nat PREROUTING's jump; o: over DOCKER's DNAT, to the routing decision
	await press(stdin, "m");
	await vi.waitFor(() => expect(frame()).toContain("Rules: nat PREROUTING"));
	expect(nowLine(frame())).toMatch(new RegExp(` ${inPrerouting}$`));
	await press(stdin, "o");
	await vi.waitFor(() => expect(frame()).toContain("route: via docker0"));
	expect(nowLine(frame())).toMatch(
		new RegExp(`172\\.17\\.0\\.3:1000 \\[SYN\\] ${afterRouting}$`),
	);
	await press(stdin, keys.enter);
	await vi.waitFor(() => expect(frame()).toContain("= forwarded -> docker0"));
	expect(nowLine(frame())).toMatch(new RegExp(` ${kernel.at(-1)}$`));
});
