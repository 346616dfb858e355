/** Starting a packet run: the conntrack state carries over from the previous packet. */
import type { PacketInput } from "../../engine/index.js";
import type { Session, UiEngine } from "../engine-port.js";
import { firstShown, runResult } from "./selectors.js";
import type { Run, UiState } from "./state.js";

/** Sends a packet after the current one: it meets the conntrack state the current one left. */
export function startRun(
	engine: UiEngine,
	session: Session,
	state: UiState,
	input: PacketInput,
	origin: string,
): UiState {
	const previous = state.run;
	const before = previous
		? runResult(engine, session.context, previous).state
		: (session.initialState ?? engine.createState());
	const time = previous
		? Math.max(input.meta.time, previous.input.meta.time + 1)
		: input.meta.time;
	const run: Run = {
		id: state.nextRunId,
		input: { ...input, meta: { ...input.meta, time } },
		before,
		origin,
	};
	const steps = runResult(engine, session.context, run).trace.steps;
	return {
		...state,
		run,
		history: previous ? [...state.history, previous] : state.history,
		cursor: firstShown(steps),
		browse: undefined,
		logScroll: 0,
		overlay: { kind: "none" },
		message: undefined,
		nextRunId: state.nextRunId + 1,
	};
}
