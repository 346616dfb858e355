/**
 * Where a packet is, against the kernel: replaying the Docker recordings,
 * at every TRACE event the trace puts the packet between the devices the
 * kernel printed as IN= and OUT= there, and a packet whose last TRACE event
 * is in POSTROUTING is named by those devices (`in eth0 out docker0` when
 * forwarded, `local out docker0` when sent, `out docker0` when bridged),
 * in the explorer's packet line and the text trace's `leaves as:` alike.
 */
import { describe, expect, test } from "vitest";
import {
	bridgePortsSeen,
	createEngineState,
	createHostView,
	type Fate,
	formatPacketShort,
	formatTraceText,
	metaAt,
	type PacketPlace,
	parseHost,
	parseLogPacket,
	parseRuleset,
	placeAt,
	type Ruleset,
	simulate,
	type Trace,
	withBridgePorts,
} from "../../source/engine/index.js";
import { readRecording } from "../helpers/recording.js";

/** IN=, OUT= and whether a bridge port is named (PHYSIN=), as LOG printed them. */
type KernelPlace = PacketPlace & { readonly bridged: boolean };

function kernelPlace(logPrefix: string): KernelPlace {
	const found = /IN=(\S*) OUT=(\S*)/.exec(logPrefix);
	if (!found) throw new Error(`no IN=/OUT= in ${logPrefix}`);
	return {
		inInterface: found[1] ?? "",
		outInterface: found[2] ?? "",
		bridged: logPrefix.includes(" PHYSIN="),
	};
}

type Replayed = {
	readonly n: number;
	readonly trace: Trace;
	/** The places of the kernel's TRACE events, in order. */
	readonly kernel: readonly KernelPlace[];
	readonly lastChain: string | undefined;
};

/** The recording's packets replayed in order, as agreement.test.ts does. */
function replay(name: string): {
	ruleset: Ruleset;
	packets: readonly Replayed[];
} {
	const recording = readRecording(name);
	const { ruleset } = parseRuleset(recording.iptables_save_before, {
		source: "rules.v4",
	});
	const { host } = parseHost({
		addr: JSON.stringify(recording.host.ip_addr),
		route: JSON.stringify(recording.host.ip_route),
	});
	const context = { ruleset, host: createHostView(host) };
	const inputs = recording.packets.map((packet) => {
		const line = parseLogPacket(
			`[${packet.time.toFixed(6).padStart(12)}] ${packet.packet}`,
		);
		if (!line.ok) throw new Error(`#${packet.n}: ${line.error}`);
		return line.input;
	});
	let state = withBridgePorts(createEngineState(), bridgePortsSeen(inputs));
	const packets = recording.packets.map((packet, index) => {
		const input = inputs[index] as (typeof inputs)[number];
		const result = simulate(context, input, state, {
			followLoopback: false,
			localOwner: { uid: 0, gid: 0 },
		});
		state = result.state;
		return {
			n: packet.n,
			trace: result.trace,
			kernel: packet.events.map((event) => kernelPlace(event.packet)),
			lastChain: packet.events.at(-1)?.chain,
		};
	});
	return { ruleset, packets };
}

/** The place at each of the trace's TRACE events. */
function placesAtEvents(trace: Trace): PacketPlace[] {
	return trace.steps.flatMap((step, index) =>
		step.kind === "trace-event" ? [placeAt(trace, index)] : [],
	);
}

function samePlace(a: PacketPlace, b: PacketPlace): boolean {
	return a.inInterface === b.inInterface && a.outInterface === b.outInterface;
}

/** How the packet line names a place the kernel printed. */
function placeText({
	inInterface,
	outInterface,
	bridged,
}: KernelPlace): string {
	const out = outInterface === "" ? "" : ` out ${outInterface}`;
	if (inInterface !== "") return `in ${inInterface}${out}`;
	return bridged ? out.trim() : `local${out}`;
}

/** The devices part of a packet line: what follows the packet itself, before any mark. */
function devicesOf(text: string, trace: Trace): string {
	const nowhere = { inInterface: "", mark: 0, time: 0 };
	const packet = formatPacketShort(trace.packetOut, nowhere).slice(
		0,
		-" local".length,
	);
	expect(text.startsWith(packet)).toBe(true);
	return text
		.slice(packet.length)
		.replace(/ mark 0x[0-9a-f]+$/, "")
		.trim();
}

/** The fates of the packets the kernel last saw in POSTROUTING. */
const leavingFates: Readonly<Record<string, readonly Fate["kind"][]>> = {
	"scenarios/docker-seed": ["bridged", "forwarded", "sent"],
	"scenarios/docker-modern": ["forwarded", "sent"],
};

describe.each(Object.keys(leavingFates))("%s", (name) => {
	const { ruleset, packets: replayed } = replay(name);

	test("at every TRACE event the packet is between the kernel's IN= and OUT=", () => {
		const wrong = replayed.flatMap(({ trace, kernel, n }) => {
			const ours = placesAtEvents(trace);
			const agree =
				ours.length === kernel.length &&
				ours.every((place, i) => samePlace(place, kernel[i] as KernelPlace));
			return agree ? [] : [`#${n}: ${JSON.stringify(ours)}`];
		});
		expect(wrong).toEqual([]);
	});

	test("a packet leaving by POSTROUTING is named where the kernel saw it; leaves as: says so", () => {
		const leaving = replayed.filter(
			({ lastChain }) => lastChain === "POSTROUTING",
		);
		const fates = new Set(leaving.map(({ trace }) => trace.fate.kind));
		expect([...fates].sort()).toEqual(leavingFates[name]);
		for (const { trace, kernel, n } of leaving) {
			const final = placeAt(trace, trace.steps.length - 1);
			const text = formatPacketShort(
				trace.packetOut,
				metaAt(trace.metaOut, final),
			);
			expect(devicesOf(text, trace), `#${n}`).toBe(
				placeText(kernel.at(-1) as KernelPlace),
			);
			const leaves = formatTraceText(trace, ruleset)
				.split("\n")
				.find((line) => line.startsWith("leaves as: "));
			if (leaves !== undefined)
				expect(leaves, `#${n}`).toBe(`leaves as: ${text}`);
		}
	});
});
