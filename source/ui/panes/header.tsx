/** The top line: host and origin on the left (cut first), the packet and step counter always whole on the right. */
import { Text } from "ink";
import type { Step } from "../../engine/index.js";
import type { Session, UiEngine } from "../engine-port.js";
import { fitPair } from "../lib/fit.js";
import type { Glyphs } from "../lib/glyphs.js";
import { isShownStep, runResult } from "../state/selectors.js";
import type { UiState } from "../state/state.js";

export type HeaderProps = {
	readonly engine: UiEngine;
	readonly session: Session;
	readonly state: UiState;
	readonly width: number;
	readonly glyphs: Glyphs;
};

const countCache = new WeakMap<readonly Step[], Int32Array>();

/** How many shown steps there are up to each step (computed once per trace). */
function shownCounts(steps: readonly Step[]): Int32Array {
	let counts = countCache.get(steps);
	if (counts === undefined) {
		counts = new Int32Array(steps.length);
		let seen = 0;
		for (const [index, step] of steps.entries()) {
			if (isShownStep(step)) seen++;
			counts[index] = seen;
		}
		countCache.set(steps, counts);
	}
	return counts;
}

/** `packet 2/3 (reply)  step 17/17`, or empty before the first packet. */
export function counterText(
	engine: UiEngine,
	session: Session,
	state: UiState,
): string {
	const run = state.run;
	if (!run) return "";
	const shown = shownCounts(
		runResult(engine, session.context, run).trace.steps,
	);
	const total = shown.at(-1) ?? 0;
	const at = shown[state.cursor] ?? 0;
	const nth = state.runs.findIndex((r) => r.id === run.id) + 1;
	const of = state.runs.length > 1 ? `/${state.runs.length}` : "";
	return `packet ${nth}${of} (${run.origin})  step ${at}/${total}`;
}

export function Header({ engine, session, state, width, glyphs }: HeaderProps) {
	const assumed = session.assumedHost ? "  ASSUMED HOST (i)" : "";
	const absent = session.nftAbsent ? "  NFT NOT GIVEN (i)" : "";
	const left = `iptx${assumed}${absent}  ${engine.escapeTerminalText(session.hostName)}  (${engine.escapeTerminalText(session.origin)})`;
	return (
		<Text wrap="truncate-end" bold>
			{fitPair(
				left,
				counterText(engine, session, state),
				width,
				glyphs.ellipsis,
			)}
		</Text>
	);
}
