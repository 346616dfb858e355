/**
 * Moving the trace cursor: one step, one step back, over a jump, to the next
 * matched rule, to the next hook, to the end. Each lands on a shown step and
 * returns the view to following the packet.
 */
import type { Step } from "../../engine/index.js";
import { stackDepths } from "./chain-frames.js";
import { firstShown, lastShown, moveCursor } from "./selectors.js";
import type { UiState } from "./state.js";

export type CursorMove =
	| "step-forward"
	| "step-back"
	| "run-to-end"
	| "restart"
	| "step-over"
	| "next-match"
	| "next-hook";

/** The state with the cursor at `cursor`, following the packet again. */
export function moveTo(state: UiState, cursor: number): UiState {
	return {
		...state,
		cursor,
		browse: undefined,
		pathRow: undefined,
		message: undefined,
	};
}

export function cursorAfter(
	steps: readonly Step[],
	cursor: number,
	move: CursorMove,
): number {
	switch (move) {
		case "step-forward":
			return moveCursor(steps, cursor, 1);
		case "step-back":
			return moveCursor(steps, cursor, -1);
		case "run-to-end":
			return lastShown(steps);
		case "restart":
			return firstShown(steps);
		case "step-over":
			return stepOver(steps, cursor);
		case "next-match":
			return nextWhere(
				steps,
				cursor,
				(step) =>
					(step.kind === "rule" && step.result === "match") ||
					(step.kind === "nft-rule" && step.verdict !== undefined),
			);
		case "next-hook":
			return nextWhere(steps, cursor, (step) => step.kind === "hook");
		default:
			return assertNeverMove(move);
	}
}

/** The next step satisfying `test`, else the last shown step. */
function nextWhere(
	steps: readonly Step[],
	cursor: number,
	test: (step: Step) => boolean,
): number {
	for (let index = cursor + 1; index < steps.length; index++) {
		const step = steps[index] as Step;
		if (test(step)) return index;
	}
	return lastShown(steps);
}

/** Kinds a step-over stops at: the next rule or policy of this chain, or later stations. */
const landings: ReadonlySet<Step["kind"]> = new Set([
	"rule",
	"end-of-chain",
	"nft-rule",
	"nft-end",
	"hook",
	"routing",
	"fate",
]);

/**
 * The next step at the same call depth or shallower: a jump's whole chain
 * (and the chains it calls) is passed in one key, as a debugger's "next".
 */
function stepOver(steps: readonly Step[], cursor: number): number {
	const depths = stackDepths(steps);
	return nextAtDepth(steps, depths, cursor, depths[cursor] ?? 0);
}

function nextAtDepth(
	steps: readonly Step[],
	depths: Int32Array,
	cursor: number,
	depth: number,
): number {
	for (let index = cursor + 1; index < steps.length; index++) {
		const step = steps[index] as Step;
		if ((depths[index] ?? 0) <= depth && landings.has(step.kind)) {
			return index;
		}
	}
	return lastShown(steps);
}

function assertNeverMove(move: never): never {
	throw new Error(`iptx: unknown cursor move ${String(move)}`);
}
