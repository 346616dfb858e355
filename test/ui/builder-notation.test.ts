/**
 * One packet notation (issue #14): a line pasted into the builder is the
 * packet `iptx trace` reads from the same line (MAC, PHYSIN, LEN, ICMP code
 * and all), edited fields replace theirs in place, and fields that
 * contradict each other are reported.
 */
import { describe, expect, test } from "vitest";
import {
	createEngineState,
	type EngineState,
	parsePacketSpec,
	simulate,
} from "../../source/engine/index.js";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import type { Action } from "../../source/ui/state/actions.js";
import {
	createInitialState,
	createReducer,
} from "../../source/ui/state/reducer.js";
import { runResult } from "../../source/ui/state/selectors.js";
import type { UiState } from "../../source/ui/state/state.js";
import { sampleSession } from "./helpers/sample-session.js";

const session = sampleSession("docker-seed");
const reducer = createReducer(engineAdapter, session);
const send = (state: UiState, ...actions: Action[]) =>
	actions.reduce(reducer, state);

const bridged =
	"IN=docker0 OUT=docker0 PHYSIN=veth57a730b MAC=02:42:ac:11:00:03:02:42:ac:11:00:02:08:00 SRC=172.17.0.2 DST=172.17.0.3 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=4242 DF PROTO=TCP SPT=40000 DPT=80 WINDOW=29200 RES=0x00 SYN URGP=0";
const icmp =
	"IN=eth0 OUT= MAC=08:00:27:4e:66:a1:52:54:00:12:35:02:08:00 SRC=10.0.2.3 DST=10.0.2.15 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=7 PROTO=ICMP TYPE=3 CODE=13 [SRC=10.0.2.15 DST=10.0.2.3 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=1002 DPT=45000 WINDOW=0 RES=0x00 ACK RST URGP=0 ]";

function paste(line: string): UiState {
	return send(
		createInitialState(engineAdapter, session),
		{ type: "open-builder", field: "paste" },
		{ type: "builder-set", field: "paste", value: line },
	);
}

describe("the builder and iptx trace read a pasted line the same way", () => {
	test.each([
		["bridged, with MAC and PHYSIN", bridged],
		["an ICMP error with its code and inner packet", icmp],
	])("%s", (_, line) => {
		const state = paste(line);
		const sent = send(state, { type: "builder-submit" });
		const parsed = parsePacketSpec(line);
		if (!parsed.ok) throw new Error(parsed.error);
		const run = sent.run;
		expect(run?.input.packet).toEqual(parsed.input.packet);
		expect({ ...run?.input.meta, time: 0 }).toEqual({
			...parsed.input.meta,
			time: 0,
		});
		const ui = runResult(engineAdapter, session.context, run ?? ({} as never))
			.trace.fate;
		// the same conntrack state the UI's packet met (the preset packet's entry)
		const before = (run?.before ?? createEngineState()) as EngineState;
		const trace = simulate(session.context, parsed.input, before).trace.fate;
		expect(ui).toEqual(trace);
	});

	test("fields for bridge port, MAC, ICMP code and length are filled", () => {
		const values = paste(icmp).builder.values;
		expect(values.icmpType).toBe("3");
		expect(values.icmpCode).toBe("13");
		expect(values.length).toBe("84");
		expect(paste(bridged).builder.values.physin).toBe("veth57a730b");
	});

	test("an edited field replaces its value in the line; the rest is kept", () => {
		const state = send(
			paste(bridged),
			{ type: "builder-set", field: "dport", value: "443" },
			{ type: "builder-submit" },
		);
		expect(state.run?.spec).toBe(bridged.replace("DPT=80", "DPT=443"));
		expect(state.run?.input.packet.id).toBe(4242);
		expect(state.run?.input.meta.physIn).toBe("veth57a730b");
	});

	test("a line whose OUT= this host contradicts is reported", () => {
		const line = bridged.replace("OUT=docker0", "OUT=eth0");
		const state = send(paste(line), { type: "builder-submit" });
		expect(state.message).toMatch(
			/the line says OUT=eth0, but on this host the packet/,
		);
	});
});
