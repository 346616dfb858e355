/** The Log pane's lines, escaped for the terminal, recomputed only when the packet or cursor changes. */
import { useMemo } from "react";
import type { Session, UiEngine } from "../engine-port.js";
import { messagesLines } from "../state/log-lines.js";
import type { UiState } from "../state/state.js";

export function useLogLines(
	engine: UiEngine,
	session: Session,
	state: UiState,
): readonly string[] {
	const { runs, run, cursor } = state;
	return useMemo(
		() =>
			messagesLines(engine, session, { runs, run, cursor }).map((line) =>
				engine.escapeTerminalText(line),
			),
		[engine, session, runs, run, cursor],
	);
}
