/** The Log pane's lines: every packet sent before the one shown, then the shown one up to the cursor. */
import type { Session, UiEngine } from "../engine-port.js";
import { runResult, selectLogLines } from "./selectors.js";
import type { UiState } from "./state.js";

/** LOG lines in /var/log/messages form, as the kernel would have written them so far. */
export function messagesLines(
	engine: UiEngine,
	session: Session,
	state: Pick<UiState, "runs" | "run" | "cursor">,
): readonly string[] {
	const { runs, run, cursor } = state;
	const lines: string[] = [];
	const upTo = runs.findIndex((r) => r.id === run?.id);
	for (const [index, past] of runs.entries()) {
		if (index > upTo) break;
		const steps = runResult(engine, session.context, past).trace.steps;
		const logs =
			index === upTo
				? selectLogLines(steps, cursor)
				: runResult(engine, session.context, past).trace.logs;
		for (const line of logs) {
			lines.push(
				engine.formatMessagesLine(
					line,
					session.clock + past.input.meta.time,
					session.hostName,
				),
			);
		}
	}
	return lines;
}
