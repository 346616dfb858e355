/**
 * The packets of a session: sending one (it meets the conntrack state the
 * previous packet left at its fate), answering one, switching between them.
 */
import type { PacketInput } from "../../engine/index.js";
import type { Session, UiEngine } from "../engine-port.js";
import { firstShown, lastShown, runResult } from "./selectors.js";
import type { Run, UiState } from "./state.js";

/** Sends a packet after the last one: it meets the conntrack state that one left. */
export function startRun(
	engine: UiEngine,
	session: Session,
	state: UiState,
	input: PacketInput,
	origin: string,
	spec?: string,
): UiState {
	const previous = state.runs.at(-1);
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
		...(spec === undefined ? {} : { spec }),
	};
	const steps = runResult(engine, session.context, run).trace.steps;
	return {
		...saveCursor(state),
		run,
		runs: [...state.runs, run],
		cursor: firstShown(steps),
		browse: undefined,
		pathRow: undefined,
		logScroll: 0,
		overlay: { kind: "none" },
		message: unfinishedNote(engine, session, state, run),
		nextRunId: state.nextRunId + 1,
	};
}

/** Says so when the packet left behind had not reached its fate on screen. */
function unfinishedNote(
	engine: UiEngine,
	session: Session,
	state: UiState,
	next: Run,
): string | undefined {
	const shown = state.run;
	if (!shown) return undefined;
	const steps = runResult(engine, session.context, shown).trace.steps;
	if (state.cursor >= lastShown(steps)) return undefined;
	return `packet ${shown.id} kept at its step ([ ] switch packets); packet ${next.id} meets conntrack as packet ${state.runs.at(-1)?.id ?? shown.id} left it at its fate`;
}

function saveCursor(state: UiState): UiState {
	if (!state.run) return state;
	const cursors = new Map(state.cursors);
	cursors.set(state.run.id, state.cursor);
	return { ...state, cursors };
}

/** `[` / `]`: show the previous or next packet of the session, where it was left. */
export function switchRun(state: UiState, delta: 1 | -1): UiState {
	const at = state.runs.findIndex((r) => r.id === state.run?.id);
	const run = state.runs[at + delta];
	if (at === -1 || !run) {
		return {
			...state,
			message: `no ${delta > 0 ? "later" : "earlier"} packet (${state.runs.length} sent)`,
		};
	}
	const saved = saveCursor(state);
	return {
		...saved,
		run,
		cursor: saved.cursors.get(run.id) ?? 0,
		browse: undefined,
		pathRow: undefined,
		logScroll: 0,
		message: undefined,
	};
}

export function sendReply(
	engine: UiEngine,
	session: Session,
	state: UiState,
): UiState {
	if (!state.run) {
		return { ...state, message: "no packet to answer: press p to build one" };
	}
	const reply = engine.replyTo(
		runResult(engine, session.context, state.run).trace,
	);
	if (!reply) {
		return {
			...state,
			message: "no reply: the packet did not reach anyone who answers",
		};
	}
	return startRun(engine, session, state, reply, "reply");
}
