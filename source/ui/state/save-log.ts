/**
 * `w`: write the Log pane's lines to a file, in /var/log/messages form, so
 * they can be compared with (or fed to `iptx replay` like) a real host's log.
 * The reducer only asks; the app performs the write and reports back.
 */
import type { Session, UiEngine } from "../engine-port.js";
import { applyLineEdit, type LineEditOp, lineAtEnd } from "../lib/line-edit.js";
import { messagesLines } from "./log-lines.js";
import type { UiState } from "./state.js";

/** A name that says what the file is: `iptx-maddog-messages.log`. */
export function defaultLogName(session: Session): string {
	const host = session.hostName.replace(/[^A-Za-z0-9._-]+/g, "_");
	return `iptx-${host}-messages.log`;
}

export function openSaveLog(session: Session, state: UiState): UiState {
	if (!session.writeNewFile) {
		return { ...state, message: "this explorer cannot write files" };
	}
	return {
		...state,
		overlay: { kind: "save-log", line: lineAtEnd(defaultLogName(session)) },
		message: undefined,
	};
}

export function editSaveLog(state: UiState, op: LineEditOp): UiState {
	return state.overlay.kind === "save-log"
		? {
				...state,
				overlay: {
					...state.overlay,
					line: applyLineEdit(state.overlay.line, op),
				},
			}
		: state;
}

export function submitSaveLog(
	engine: UiEngine,
	session: Session,
	state: UiState,
): UiState {
	if (state.overlay.kind !== "save-log") return state;
	const path = state.overlay.line.text.trim();
	if (path === "") {
		return { ...state, message: "give a file name (esc cancels)" };
	}
	const lines = messagesLines(engine, session, state).map((line) =>
		engine.escapeTerminalText(line),
	);
	return {
		...state,
		overlay: { kind: "none" },
		saveRequest: {
			path,
			text: lines.length === 0 ? "" : `${lines.join("\n")}\n`,
		},
	};
}
