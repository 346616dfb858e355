/**
 * The one reducer of the explorer. It is pure: the engine functions it calls
 * (simulate, replyTo, parsePacketSpec) are pure, and their results are cached
 * per run so views and the reducer share one simulation.
 */
import type { Rule } from "../../engine/index.js";
import type { Session, UiEngine } from "../engine-port.js";
import { commandEffects } from "../keymap/commands.js";
import { keymap, type Scope, textScopes } from "../keymap/keymap.js";
import { resolveKey } from "../keymap/resolve-key.js";
import { applyLineEdit, lineAtEnd } from "../lib/line-edit.js";
import { clamp } from "../lib/window.js";
import type { Action, ListMove } from "./actions.js";
import { emptyBuilder, selectFields } from "./builder.js";
import { builderReducer, openBuilder } from "./builder-reducer.js";
import { startRun } from "./runs.js";
import {
	firstShown,
	lastShown,
	moveCursor,
	runResult,
	selectChain,
} from "./selectors.js";
import { paneIds, type RuleBrowse, type UiState } from "./state.js";

export type Reducer = (state: UiState, action: Action) => UiState;

/** The state at start: the first preset (if it parses) ready at its first step. */
export function createInitialState(
	engine: UiEngine,
	session: Session,
): UiState {
	const base: UiState = {
		focus: "rules",
		run: undefined,
		history: [],
		cursor: 0,
		browse: undefined,
		overlay: { kind: "none" },
		builder: emptyBuilder,
		search: { text: "", caret: 0 },
		logScroll: 0,
		message: undefined,
		nextRunId: 1,
		quitting: false,
	};
	const first = session.presets[0];
	if (first === undefined) {
		return { ...base, message: "no packet yet: press p to build one" };
	}
	const parsed = engine.parsePacketSpec(first);
	if (!parsed.ok) {
		return { ...base, message: `preset: ${parsed.error}` };
	}
	return startRun(engine, session, base, parsed.input, "preset");
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
			case "step-forward":
				return {
					...state,
					cursor: moveCursor(stepsOf(state), state.cursor, 1),
					browse: undefined,
					message: undefined,
				};
			case "step-back":
				return {
					...state,
					cursor: moveCursor(stepsOf(state), state.cursor, -1),
					browse: undefined,
					message: undefined,
				};
			case "run-to-end":
				return {
					...state,
					cursor: lastShown(stepsOf(state)),
					browse: undefined,
					message: undefined,
				};
			case "restart":
				return {
					...state,
					cursor: firstShown(stepsOf(state)),
					browse: undefined,
					message: undefined,
				};
			case "send-reply":
				return sendReply(engine, session, state);
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
			case "open-help":
				return { ...state, overlay: { kind: "help" } };
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
				return openBuilder(session, state);
			case "open-rule-detail": {
				const rule = selectedRule(session, state, stepsOf(state));
				return rule
					? { ...state, overlay: { kind: "rule-detail", ruleId: rule.id } }
					: state;
			}
			case "close-overlay":
				return { ...state, overlay: { kind: "none" } };
			case "follow-trace":
				return { ...state, browse: undefined };
			case "list":
				return listMove(
					session,
					state,
					stepsOf(state),
					action.move,
					action.page,
				);
			case "search-submit":
				return searchRules(session, state, stepsOf(state));
			case "text-edit":
				return state.overlay.kind === "search"
					? { ...state, search: applyLineEdit(state.search, action.op) }
					: builderReducer(engine, session, state, action);
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
		case "conntrack":
		case "rule-detail":
		case "search":
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

function sendReply(
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

/** The chain and row the rules pane shows: the browse position, or the trace's. */
export function rulesPosition(
	state: UiState,
	steps: Parameters<typeof selectChain>[0],
): RuleBrowse | undefined {
	if (state.browse) {
		return state.browse;
	}
	const frame = selectChain(steps, state.cursor).frame;
	return frame
		? {
				table: frame.table,
				chain: frame.chain,
				row: Math.max(0, (frame.current ?? 1) - 1),
			}
		: undefined;
}

export function chainRules(
	session: Session,
	table: string,
	chain: string,
): readonly Rule[] {
	for (const [name, t] of session.context.ruleset.tables) {
		if (name === table) {
			return t.chains.get(chain)?.rules ?? [];
		}
	}
	return [];
}

function selectedRule(
	session: Session,
	state: UiState,
	steps: Parameters<typeof selectChain>[0],
): Rule | undefined {
	const position = rulesPosition(state, steps);
	return position
		? chainRules(session, position.table, position.chain)[position.row]
		: undefined;
}

function listMove(
	session: Session,
	state: UiState,
	steps: Parameters<typeof selectChain>[0],
	move: ListMove,
	page: number,
): UiState {
	if (state.overlay.kind === "conntrack") {
		const scroll = Math.max(
			0,
			state.overlay.scroll + (move === "down" ? 1 : move === "up" ? -1 : 0),
		);
		return { ...state, overlay: { kind: "conntrack", scroll } };
	}
	if (state.focus === "log") {
		const delta = {
			up: 1,
			down: -1,
			"page-up": page,
			"page-down": -page,
			home: 1e9,
			end: -1e9,
		}[move];
		return { ...state, logScroll: Math.max(0, state.logScroll + delta) };
	}
	const position = rulesPosition(state, steps);
	if (!position) {
		return state;
	}
	const total = chainRules(session, position.table, position.chain).length;
	const delta = {
		up: -1,
		down: 1,
		"page-up": -page,
		"page-down": page,
		home: -total,
		end: total,
	}[move];
	const row = clamp(position.row + delta, 0, Math.max(0, total - 1));
	return { ...state, focus: "rules", browse: { ...position, row } };
}

function searchRules(
	session: Session,
	state: UiState,
	steps: Parameters<typeof selectChain>[0],
): UiState {
	const query = state.search.text.toLowerCase();
	if (query === "") {
		return { ...state, overlay: { kind: "none" } };
	}
	const rules = [...session.context.ruleset.rulesById.values()];
	const from = selectedRule(session, state, steps);
	const start = from && state.browse ? rules.indexOf(from) + 1 : 0;
	for (let offset = 0; offset < rules.length; offset++) {
		const rule = rules[(start + offset) % rules.length] as Rule;
		if (rule.text.toLowerCase().includes(query)) {
			return {
				...state,
				overlay: { kind: "none" },
				focus: "rules",
				browse: { table: rule.table, chain: rule.chain, row: rule.index - 1 },
				message: `found in ${rule.table} ${rule.chain} rule ${rule.index} (/ enter: next)`,
			};
		}
	}
	return {
		...state,
		overlay: { kind: "none" },
		message: `no rule contains "${state.search.text}"`,
	};
}

function assertNeverAction(action: never): never {
	throw new Error(`iptx: unhandled action ${JSON.stringify(action)}`);
}
