/**
 * Pure views of a trace prefix: where the packet is, which chain it is in and
 * how each rule fared, what it looks like now. The UI steps by moving an index
 * into `trace.steps`; everything shown is computed from `steps[0..cursor]`.
 */
import {
	type ConntrackEntry,
	type CtInfo,
	type Fate,
	metaAt,
	type Packet,
	type PacketMeta,
	placeAt,
	type Step,
	type Trace,
} from "../../engine/index.js";
import type {
	EngineToken,
	SimulationContext,
	UiEngine,
} from "../engine-port.js";
import type { Run } from "./state.js";

export type RunResult = { readonly trace: Trace; readonly state: EngineToken };

const results = new WeakMap<SimulationContext, WeakMap<Run, RunResult>>();

/** Simulates a run once; later calls (reducer and views) share the result. */
export function runResult(
	engine: UiEngine,
	context: SimulationContext,
	run: Run,
): RunResult {
	let byRun = results.get(context);
	if (byRun === undefined) {
		byRun = new WeakMap();
		results.set(context, byRun);
	}
	let result = byRun.get(run);
	if (result === undefined) {
		result = engine.simulate(context, run.input, run.before);
		byRun.set(run, result);
	}
	return result;
}

/** Steps the user steps through (kernel TRACE events repeat rule steps). */
export function isShownStep(step: Step): boolean {
	return step.kind !== "trace-event";
}

export function firstShown(steps: readonly Step[]): number {
	const index = steps.findIndex(isShownStep);
	return index === -1 ? 0 : index;
}

export function lastShown(steps: readonly Step[]): number {
	for (let index = steps.length - 1; index >= 0; index--) {
		const step = steps[index];
		if (step && isShownStep(step)) {
			return index;
		}
	}
	return 0;
}

/** The next (delta 1) or previous (delta −1) shown step, clamped. */
export function moveCursor(
	steps: readonly Step[],
	cursor: number,
	delta: 1 | -1,
): number {
	for (
		let index = cursor + delta;
		index >= 0 && index < steps.length;
		index += delta
	) {
		const step = steps[index];
		if (step && isShownStep(step)) {
			return index;
		}
	}
	return cursor;
}

export type Rewrite = {
	readonly what: string;
	readonly before: Packet;
	readonly after: Packet;
	readonly beforeMeta?: PacketMeta;
	readonly afterMeta?: PacketMeta;
};

export type PacketView = {
	readonly arrived: Packet;
	readonly arrivedMeta: PacketMeta;
	readonly now: Packet;
	/** The packet's meta at the cursor, with the devices it is between there. */
	readonly nowMeta: PacketMeta;
	readonly rewrites: readonly Rewrite[];
	readonly ctInfo: CtInfo | undefined;
	readonly ctEntry: ConntrackEntry | undefined;
	readonly ctNote: string | undefined;
	readonly fate: Fate | undefined;
};

/** The packet at the cursor, as it arrived, and every rewrite so far. */
export function selectPacket(trace: Trace, cursor: number): PacketView {
	let now = trace.packetIn;
	let nowMeta = trace.metaIn;
	const rewrites: Rewrite[] = [];
	let ct: Extract<Step, { kind: "conntrack" }> | undefined;
	let fate: Fate | undefined;
	for (let index = 0; index <= cursor && index < trace.steps.length; index++) {
		const step = trace.steps[index] as Step;
		if (step.kind === "rewrite") {
			rewrites.push(step);
			now = step.after;
			nowMeta = step.afterMeta ?? nowMeta;
		} else if (step.kind === "conntrack") {
			ct = step;
		} else if (step.kind === "fate") {
			fate = step.fate;
		}
	}
	return {
		arrived: trace.packetIn,
		arrivedMeta: trace.metaIn,
		now,
		nowMeta: metaAt(nowMeta, placeAt(trace, cursor)),
		rewrites,
		ctInfo: ct?.info,
		ctEntry: ct?.entry,
		ctNote: ct?.note,
		fate,
	};
}

/** LOG lines produced up to the cursor (`steps` of kind `log`). */
export function selectLogLines(
	steps: readonly Step[],
	cursor: number,
): readonly string[] {
	const lines: string[] = [];
	for (let index = 0; index <= cursor && index < steps.length; index++) {
		const step = steps[index] as Step;
		if (step.kind === "log") {
			lines.push(step.line);
		}
	}
	return lines;
}
