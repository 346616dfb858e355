/**
 * The whole journey of a packet up to the cursor, as the Path pane lists it:
 * each hook, every chain visited under it (indented by call depth), the
 * routing decisions between hooks, and the fate. Each chain row keeps that
 * visit's rule results, so any chain of the journey can be shown with this
 * packet's marks.
 */
import type { Fate, HookName, Step } from "../../engine/index.js";
import {
	applyChainStep,
	type ChainFrame,
	type ChainView,
	type MutableFrame,
} from "./chain-frames.js";

export type JourneyRow =
	| {
			readonly kind: "hook";
			readonly hook: HookName;
			readonly inInterface: string;
			readonly outInterface: string;
	  }
	| {
			readonly kind: "visit";
			/** An iptables table name, or an nft table id (`inet filter`). */
			readonly table: string;
			readonly chain: string;
			/** 0 for the table's built-in chain, +1 per jump. */
			readonly depth: number;
			readonly frame: ChainFrame;
	  }
	| { readonly kind: "routing"; readonly text: string }
	| { readonly kind: "fate"; readonly fate: Fate };

export type Journey = {
	readonly rows: readonly JourneyRow[];
	/** Row of the chain visit (or, before its first chain, the hook) the cursor is in; -1 before any. */
	readonly current: number;
	/** The chain visit at the cursor (top of the call stack) and the stack, outermost first. */
	readonly chain: ChainView;
};

const lastJourney = new WeakMap<
	readonly Step[],
	{ readonly cursor: number; readonly journey: Journey }
>();

/** The journey up to the cursor; the last one per trace is kept (a key reads it several times). */
export function selectJourney(steps: readonly Step[], cursor: number): Journey {
	const cached = lastJourney.get(steps);
	if (cached?.cursor === cursor) return cached.journey;
	const journey = walkJourney(steps, cursor);
	lastJourney.set(steps, { cursor, journey });
	return journey;
}

function walkJourney(steps: readonly Step[], cursor: number): Journey {
	const rows: JourneyRow[] = [];
	let stack: MutableFrame[] = [];
	let current = -1;
	const onEnter = (frame: MutableFrame, depth: number) => {
		current = rows.length;
		rows.push({
			kind: "visit",
			table: frame.table,
			chain: frame.chain,
			depth,
			frame,
		});
	};
	for (let index = 0; index <= cursor && index < steps.length; index++) {
		const step = steps[index] as Step;
		if (step.kind === "hook") {
			current = rows.length;
			rows.push({
				kind: "hook",
				hook: step.hook,
				inInterface: step.inInterface,
				outInterface: step.outInterface,
			});
		} else if (step.kind === "routing") {
			rows.push({ kind: "routing", text: routingText(step) });
		} else if (step.kind === "routing6") {
			rows.push({ kind: "routing", text: routingText6(step) });
		} else if (step.kind === "fate") {
			rows.push({ kind: "fate", fate: step.fate });
		}
		stack = applyChainStep(stack, step, onEnter);
		if (
			(step.kind === "chain" || step.kind === "nft-chain") &&
			step.via === "return"
		) {
			current = lastVisitOf(rows, stack.at(-1));
		}
	}
	return {
		rows,
		current,
		chain: {
			frame: stack.at(-1),
			stack: stack.map((frame) => `${frame.table} ${frame.chain}`),
		},
	};
}

function lastVisitOf(
	rows: readonly JourneyRow[],
	frame: MutableFrame | undefined,
): number {
	return rows.findLastIndex(
		(row) => row.kind === "visit" && row.frame === frame,
	);
}

/** The latest visit of a chain in the journey (marks for a chain browsed by search). */
export function lastVisit(
	journey: Journey,
	table: string,
	chain: string,
): ChainFrame | undefined {
	for (let index = journey.rows.length - 1; index >= 0; index--) {
		const row = journey.rows[index];
		if (row?.kind === "visit" && row.table === table && row.chain === chain) {
			return row.frame;
		}
	}
	return undefined;
}

/** The chain visit a row stands for: itself, or a hook's first chain. */
export function visitAt(
	journey: Journey,
	row: number,
): Extract<JourneyRow, { kind: "visit" }> | undefined {
	for (let index = row; index < journey.rows.length; index++) {
		const candidate = journey.rows[index];
		if (candidate?.kind === "visit") return candidate;
		if (index > row || candidate?.kind !== "hook") return undefined;
	}
	return undefined;
}

/** An IPv6 route lookup (ip6_route_input / ip6_route_output) in a few words. */
function routingText6(step: Extract<Step, { kind: "routing6" }>): string {
	const decision = step.decision;
	switch (decision.kind) {
		case "local":
			return "local delivery";
		case "multicast":
			return `multicast on ${decision.device}`;
		case "unicast":
			return `via ${decision.device}`;
		case "unreachable":
		case "blackhole":
		case "prohibit":
			return decision.kind;
		default:
			return step.reason;
	}
}

function routingText(step: Extract<Step, { kind: "routing" }>): string {
	const decision = step.decision;
	switch (decision.kind) {
		case "local":
			return "local delivery";
		case "unicast":
			return `via ${decision.device}`;
		case "broadcast":
		case "multicast":
			return `${decision.kind} on ${decision.device}`;
		case "unreachable":
		case "blackhole":
		case "prohibit":
			return decision.kind;
		default:
			return step.reason;
	}
}
