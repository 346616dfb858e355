/**
 * The call stack of chains as the kernel walks it (ipt_do_table's jump stack):
 * a hook starts a table's built-in chain, `-j` pushes, `-g` replaces the top,
 * a return pops back to the caller. Each visit keeps how its rules fared.
 */
import type { NftSetLookup, Step } from "../../engine/index.js";
import { nftTableId } from "./nft-listing.js";

export type RuleStatus = {
	readonly result: "match" | "no-match" | "unknown";
	readonly failed?: string;
	readonly assumed?: boolean;
	/** What the target did (`DNAT to 172.17.0.3:1000`, `jump DOCKER`). */
	readonly target?: string;
	/** An nft rule's set and map lookups (the detail line names what they held). */
	readonly lookups?: readonly NftSetLookup[];
};

export type ChainFrame = {
	/** An iptables table name, or an nft table id (`ip docker-bridges`). */
	readonly table: string;
	readonly chain: string;
	/** How the packet entered this visit. */
	readonly via: "hook" | "jump" | "goto" | "return";
	readonly results: ReadonlyMap<number, RuleStatus>;
	/** Mark of the rule under evaluation (rule number, nft handle); `rules + 1` at an iptables policy / end. */
	readonly current: number | undefined;
	readonly end?: { readonly policy?: string };
	/** nft base chains: the hook and priority the packet entered it from. */
	readonly entry?: { readonly hook: string; readonly priority: number };
};

export type MutableFrame = {
	table: string;
	chain: string;
	via: ChainFrame["via"];
	results: Map<number, RuleStatus>;
	current: number | undefined;
	end?: { readonly policy?: string };
	entry?: { readonly hook: string; readonly priority: number };
};

/** How the Rules pane names an nft rule: its handle, else its position. */
export function nftMark(step: Extract<Step, { kind: "nft-rule" }>): number {
	return step.handle ?? (step.index ?? 0) + 1;
}

/** The stack after `step`; `onEnter` hears of each new visit (frame and its depth). */
export function applyChainStep(
	stack: MutableFrame[],
	step: Step,
	onEnter?: (frame: MutableFrame, depth: number) => void,
): MutableFrame[] {
	switch (step.kind) {
		case "table":
			return [];
		case "chain":
			return enterChain(stack, step, onEnter);
		case "nft-chain":
			return enterChain(
				stack,
				{
					table: nftTableId(step.family as "ip", step.table),
					chain: step.chain,
					via: step.via,
					...(step.hook !== undefined && step.priority !== undefined
						? { entry: { hook: step.hook, priority: step.priority } }
						: {}),
				},
				onEnter,
			);
		case "rule":
		case "target":
		case "end-of-chain":
			recordRule(stack.at(-1), step);
			return stack;
		case "nft-rule":
		case "nft-end":
			recordNftStep(stack.at(-1), step);
			return stack;
		default:
			return stack;
	}
}

type ChainEntry = {
	readonly table: string;
	readonly chain: string;
	readonly via: ChainFrame["via"];
	readonly entry?: MutableFrame["entry"];
};

function enterChain(
	stack: MutableFrame[],
	step: ChainEntry,
	onEnter?: (frame: MutableFrame, depth: number) => void,
): MutableFrame[] {
	const frame: MutableFrame = {
		table: step.table,
		chain: step.chain,
		via: step.via,
		results: new Map(),
		current: undefined,
		...(step.entry ? { entry: step.entry } : {}),
	};
	let next: MutableFrame[];
	if (step.via === "return") {
		const at = stack.findLastIndex(
			(f) => f.chain === step.chain && f.table === step.table,
		);
		if (at !== -1) {
			const back = stack.slice(0, at + 1);
			(back[at] as MutableFrame).via = "return";
			return back;
		}
		next = [frame];
	} else if (step.via === "jump") {
		next = [...stack, frame];
	} else if (step.via === "goto") {
		next = [...stack.slice(0, -1), frame];
	} else {
		next = [frame];
	}
	onEnter?.(frame, next.length - 1);
	return next;
}

function recordRule(
	top: MutableFrame | undefined,
	step: Extract<Step, { kind: "rule" | "target" | "end-of-chain" }>,
): void {
	if (!top || top.chain !== step.chain) {
		return;
	}
	top.current = step.num;
	if (step.kind === "rule") {
		top.results.set(step.num, {
			result: step.result,
			...(step.failed === undefined ? {} : { failed: step.failed }),
			...(step.assumed ? { assumed: true } : {}),
		});
	} else if (step.kind === "target") {
		const previous = top.results.get(step.num) ?? { result: "match" as const };
		top.results.set(step.num, { ...previous, target: step.description });
	} else {
		top.end = step.policy === undefined ? {} : { policy: step.policy };
	}
}

/** An nft rule's outcome (verdict, or the match that failed), or the chain's end. */
function recordNftStep(
	top: MutableFrame | undefined,
	step: Extract<Step, { kind: "nft-rule" | "nft-end" }>,
): void {
	if (
		!top ||
		top.chain !== step.chain ||
		top.table !== nftTableId(step.family as "ip", step.table)
	) {
		return;
	}
	if (step.kind === "nft-end") {
		top.current = undefined;
		top.end = step.policy === undefined ? {} : { policy: step.policy };
		return;
	}
	const mark = nftMark(step);
	top.current = mark;
	const lookups = step.lookups === undefined ? {} : { lookups: step.lookups };
	top.results.set(
		mark,
		step.verdict === undefined
			? {
					result: "no-match",
					...(step.failed === undefined ? {} : { failed: step.failed }),
					...lookups,
				}
			: { result: "match", target: step.verdict.replace(":", " "), ...lookups },
	);
}

export type ChainView = {
	readonly frame: ChainFrame | undefined;
	/** `filter FORWARD`, `filter DOCKER` ...: the call stack, outermost first. */
	readonly stack: readonly string[];
};

/** The chain visit the cursor is in, with each evaluated rule's outcome. */
export function selectChain(steps: readonly Step[], cursor: number): ChainView {
	let stack: MutableFrame[] = [];
	for (let index = 0; index <= cursor && index < steps.length; index++) {
		stack = applyChainStep(stack, steps[index] as Step);
	}
	const top = stack.at(-1);
	return {
		frame: top,
		stack: stack.map((frame) => `${frame.table} ${frame.chain}`),
	};
}

const outsideChains: ReadonlySet<Step["kind"]> = new Set([
	"verdict",
	"hook",
	"routing",
	"fate",
]);

const depthCache = new WeakMap<readonly Step[], Int32Array>();

/** Call-stack depth after each step (0 outside any chain): stepping over a jump reads it. */
export function stackDepths(steps: readonly Step[]): Int32Array {
	let depths = depthCache.get(steps);
	if (depths === undefined) {
		depths = new Int32Array(steps.length);
		let stack: MutableFrame[] = [];
		for (const [index, step] of steps.entries()) {
			// A verdict ends the table's walk: what follows is outside any chain.
			stack = outsideChains.has(step.kind) ? [] : applyChainStep(stack, step);
			depths[index] = stack.length;
		}
		depthCache.set(steps, depths);
	}
	return depths;
}
