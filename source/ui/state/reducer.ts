/**
 * The one reducer of the explorer. It is pure: the engine functions it calls
 * (simulate, replyTo, parsePacketSpec) are pure, and their results are cached
 * per run so views and the reducer share one simulation.
 */
import type { Session, UiEngine } from "../engine-port.js";
import { commandEffects } from "../keymap/commands.js";
import { keymap, type Scope, textScopes } from "../keymap/keymap.js";
import { resolveKey } from "../keymap/resolve-key.js";
import { applyLineEdit, lineAtEnd } from "../lib/line-edit.js";
import type { Action } from "./actions.js";
import {
	listMove,
	openVisit,
	rulesPosition,
	searchRules,
	selectedRule,
} from "./browse.js";
import { emptyBuilder, selectFields } from "./builder.js";
import { builderReducer, openBuilder } from "./builder-reducer.js";
import { infoMatters } from "./info.js";
import { messagesLines } from "./log-lines.js";
import { sendReply, startRun, switchRun } from "./runs.js";
import { editSaveLog, openSaveLog, submitSaveLog } from "./save-log.js";
import { runResult } from "./selectors.js";
import { paneIds, type UiState } from "./state.js";
import { cursorAfter, moveTo } from "./stepping.js";
import {
	closeSet,
	openOutlineRow,
	openRuleSet,
	openTables,
	outlineMove,
} from "./tables-reducer.js";

export type Reducer = (state: UiState, action: Action) => UiState;

/** The state at start: the first preset (if it parses) ready at its first step. */
export function createInitialState(
	engine: UiEngine,
	session: Session,
): UiState {
	const base: UiState = {
		focus: "rules",
		run: undefined,
		runs: [],
		cursors: new Map(),
		cursor: 0,
		pathRow: undefined,
		browse: undefined,
		overlay: { kind: "none" },
		builder: emptyBuilder,
		search: { text: "", caret: 0 },
		logScroll: 0,
		message: undefined,
		saveRequest: undefined,
		nextRunId: 1,
		quitting: false,
	};
	const started = firstPacket(engine, session, base);
	return infoMatters(session)
		? { ...started, overlay: { kind: "info", scroll: 0 } }
		: started;
}

function firstPacket(
	engine: UiEngine,
	session: Session,
	base: UiState,
): UiState {
	const first = session.presets[0];
	if (first === undefined) {
		return { ...base, message: "no packet yet: press p to build one" };
	}
	const parsed = engine.parsePacketSpec(first);
	if (!parsed.ok) {
		return { ...base, message: `preset: ${parsed.error}` };
	}
	return startRun(engine, session, base, parsed.input, "preset", first);
}

export function createReducer(engine: UiEngine, session: Session): Reducer {
	const stepsOf = (state: UiState) =>
		state.run ? runResult(engine, session.context, state.run).trace.steps : [];
	const reducer: Reducer = (state, action) => {
		switch (action.type) {
			case "key":
				return handleKey(state, action, reducer);
			case "quit":
				return { ...state, quitting: true };
			case "cursor":
				return moveTo(
					state,
					cursorAfter(stepsOf(state), state.cursor, action.move),
				);
			case "send-reply":
				return sendReply(engine, session, state);
			case "switch-run":
				return switchRun(state, action.delta);
			case "open-visit":
				return openVisit(session, state, stepsOf(state));
			case "focus-next":
			case "focus-prev": {
				const delta = action.type === "focus-next" ? 1 : paneIds.length - 1;
				return {
					...state,
					focus:
						paneIds[(paneIds.indexOf(state.focus) + delta) % paneIds.length] ??
						"rules",
				};
			}
			case "focus":
				return { ...state, focus: action.pane };
			case "open-info":
				return { ...state, overlay: { kind: "info", scroll: 0 } };
			case "open-help":
				return { ...state, overlay: { kind: "help", scroll: 0 } };
			case "open-conntrack":
				return { ...state, overlay: { kind: "conntrack", scroll: 0 } };
			case "open-search":
				return {
					...state,
					overlay: { kind: "search" },
					search: lineAtEnd(state.search.text),
					message: undefined,
				};
			case "open-builder":
				return openBuilder(session, state, action.field);
			case "open-rule-detail": {
				const steps = stepsOf(state);
				const position = rulesPosition(session, state, steps);
				return position && selectedRule(session, state, steps)
					? { ...state, overlay: { kind: "rule-detail", ...position } }
					: state;
			}
			case "open-tables":
				return openTables(session, state, stepsOf(state));
			case "open-outline-row":
				return openOutlineRow(session, state, stepsOf(state));
			case "open-rule-set":
				return openRuleSet(session, state, stepsOf(state));
			case "close-set":
				return closeSet(state);
			case "close-overlay":
				return { ...state, overlay: { kind: "none" } };
			case "follow-trace":
				return { ...state, browse: undefined, pathRow: undefined };
			case "list": {
				if (state.overlay.kind === "tables" || state.overlay.kind === "set") {
					return outlineMove(session, state, action.move, action.page);
				}
				const moved = listMove(
					session,
					state,
					stepsOf(state),
					action.move,
					action.page,
				);
				// Scrolling back stops at the oldest line: the pane never goes blank.
				if (moved.logScroll === 0) return moved;
				const count = messagesLines(engine, session, state).length;
				return moved.logScroll >= count
					? { ...moved, logScroll: Math.max(0, count - 1) }
					: moved;
			}
			case "search-submit":
				return searchRules(session, state, stepsOf(state));
			case "text-edit":
				if (state.overlay.kind === "save-log") {
					return editSaveLog(state, action.op);
				}
				return state.overlay.kind === "search"
					? { ...state, search: applyLineEdit(state.search, action.op) }
					: builderReducer(engine, session, state, action);
			case "open-save-log":
				return openSaveLog(session, state);
			case "save-log-submit":
				return submitSaveLog(engine, session, state);
			case "saved":
				return { ...state, saveRequest: undefined, message: action.message };
			case "builder-field":
			case "builder-set":
			case "builder-submit":
			case "builder-host-address":
			case "send-spec":
				return builderReducer(engine, session, state, action);
			default:
				return assertNeverAction(action);
		}
	};
	return reducer;
}

/** The keymap scope the state is in: an overlay, the builder's field kind, or the focused pane. */
export function scopeOf(state: UiState): Scope {
	switch (state.overlay.kind) {
		case "none":
			return state.focus;
		case "builder":
			return selectFields.has(state.builder.field)
				? "builder-select"
				: "builder";
		case "help":
		case "info":
		case "conntrack":
		case "rule-detail":
		case "tables":
		case "set":
		case "search":
		case "save-log":
			return state.overlay.kind;
		default:
			return assertNeverAction(state.overlay);
	}
}

function handleKey(
	state: UiState,
	action: Extract<Action, { type: "key" }>,
	reducer: Reducer,
): UiState {
	const scope = scopeOf(state);
	const command = resolveKey(keymap, scope, action.input, action.key);
	if (command) {
		return reducer(state, commandEffects[command](action.page));
	}
	const typed =
		action.input !== "" &&
		!action.key.ctrl &&
		!action.key.meta &&
		!action.key.escape;
	return typed && textScopes.has(scope)
		? reducer(state, {
				type: "text-edit",
				op: { kind: "insert", text: action.input },
			})
		: state;
}

function assertNeverAction(action: never): never {
	throw new Error(`iptx: unhandled action ${JSON.stringify(action)}`);
}
