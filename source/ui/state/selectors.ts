/**
 * Pure views of a trace prefix: where the packet is, which chain it is in and
 * how each rule fared, what it looks like now. The UI steps by moving an index
 * into `trace.steps`; everything shown is computed from `steps[0..cursor]`.
 */
import type {
	ConntrackEntry,
	CtInfo,
	Fate,
	HookName,
	Packet,
	PacketMeta,
	Step,
	TableName,
	Trace,
} from "../../engine/index.js";
import type {
	EngineToken,
	SimulationContext,
	UiEngine,
} from "../engine-port.js";
import type { Run } from "./state.js";

export type RunResult = { readonly trace: Trace; readonly state: EngineToken };

const results = new WeakMap<SimulationContext, WeakMap<Run, RunResult>>();

/** Simulates a run once; later calls (reducer and views) share the result. */
export function runResult(
	engine: UiEngine,
	context: SimulationContext,
	run: Run,
): RunResult {
	let byRun = results.get(context);
	if (byRun === undefined) {
		byRun = new WeakMap();
		results.set(context, byRun);
	}
	let result = byRun.get(run);
	if (result === undefined) {
		result = engine.simulate(context, run.input, run.before);
		byRun.set(run, result);
	}
	return result;
}

/** Steps the user steps through (kernel TRACE events repeat rule steps). */
export function isShownStep(step: Step): boolean {
	return step.kind !== "trace-event";
}

export function firstShown(steps: readonly Step[]): number {
	const index = steps.findIndex(isShownStep);
	return index === -1 ? 0 : index;
}

export function lastShown(steps: readonly Step[]): number {
	for (let index = steps.length - 1; index >= 0; index--) {
		const step = steps[index];
		if (step && isShownStep(step)) {
			return index;
		}
	}
	return 0;
}

/** The next (delta 1) or previous (delta −1) shown step, clamped. */
export function moveCursor(
	steps: readonly Step[],
	cursor: number,
	delta: 1 | -1,
): number {
	for (
		let index = cursor + delta;
		index >= 0 && index < steps.length;
		index += delta
	) {
		const step = steps[index];
		if (step && isShownStep(step)) {
			return index;
		}
	}
	return cursor;
}

export type PathRow =
	| {
			readonly kind: "hook";
			readonly hook: HookName;
			readonly inInterface: string;
			readonly outInterface: string;
			readonly tables: readonly TableName[];
	  }
	| { readonly kind: "routing"; readonly text: string }
	| { readonly kind: "fate"; readonly fate: Fate };

/** Hooks with their tables, routing decisions and the fate, up to the cursor. */
export function selectPath(
	steps: readonly Step[],
	cursor: number,
): readonly PathRow[] {
	const rows: PathRow[] = [];
	for (let index = 0; index <= cursor && index < steps.length; index++) {
		const step = steps[index] as Step;
		if (step.kind === "hook") {
			rows.push({
				kind: "hook",
				hook: step.hook,
				inInterface: step.inInterface,
				outInterface: step.outInterface,
				tables: [],
			});
		} else if (step.kind === "table") {
			const last = rows.at(-1);
			if (last?.kind === "hook" && !last.tables.includes(step.table)) {
				rows[rows.length - 1] = {
					...last,
					tables: [...last.tables, step.table],
				};
			}
		} else if (step.kind === "routing") {
			rows.push({ kind: "routing", text: routingText(step) });
		} else if (step.kind === "fate") {
			rows.push({ kind: "fate", fate: step.fate });
		}
	}
	return rows;
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

export type RuleStatus = {
	readonly result: "match" | "no-match" | "unknown";
	readonly failed?: string;
	readonly assumed?: boolean;
	/** What the target did (`DNAT to 172.17.0.3:1000`, `jump DOCKER`). */
	readonly target?: string;
};

export type ChainFrame = {
	readonly table: TableName;
	readonly chain: string;
	/** How the packet entered this visit. */
	readonly via: "hook" | "jump" | "goto" | "return";
	readonly results: ReadonlyMap<number, RuleStatus>;
	/** Rule number under evaluation; `rules + 1` at the policy / end. */
	readonly current: number | undefined;
	readonly end?: { readonly policy?: "ACCEPT" | "DROP" };
};

export type ChainView = {
	readonly frame: ChainFrame | undefined;
	/** `filter FORWARD`, `filter DOCKER` ...: the call stack, outermost first. */
	readonly stack: readonly string[];
};

type MutableFrame = {
	table: TableName;
	chain: string;
	via: ChainFrame["via"];
	results: Map<number, RuleStatus>;
	current: number | undefined;
	end?: { readonly policy?: "ACCEPT" | "DROP" };
};

/** The chain visit the cursor is in, with each evaluated rule's outcome. */
export function selectChain(steps: readonly Step[], cursor: number): ChainView {
	let stack: MutableFrame[] = [];
	for (let index = 0; index <= cursor && index < steps.length; index++) {
		const step = steps[index] as Step;
		stack = applyChainStep(stack, step);
	}
	const top = stack.at(-1);
	return {
		frame: top ? { ...top, results: top.results } : undefined,
		stack: stack.map((frame) => `${frame.table} ${frame.chain}`),
	};
}

function applyChainStep(stack: MutableFrame[], step: Step): MutableFrame[] {
	const top = stack.at(-1);
	switch (step.kind) {
		case "table":
			return [];
		case "chain": {
			const frame: MutableFrame = {
				table: step.table,
				chain: step.chain,
				via: step.via,
				results: new Map(),
				current: undefined,
			};
			if (step.via === "hook") {
				return [frame];
			}
			if (step.via === "jump") {
				return [...stack, frame];
			}
			if (step.via === "goto") {
				return [...stack.slice(0, -1), frame];
			}
			const at = stack.findLastIndex(
				(f) => f.chain === step.chain && f.table === step.table,
			);
			if (at === -1) {
				return [frame];
			}
			const back = stack.slice(0, at + 1);
			const caller = back[at] as MutableFrame;
			caller.via = "return";
			return back;
		}
		case "rule":
			if (top && top.chain === step.chain) {
				top.results.set(step.num, {
					result: step.result,
					...(step.failed === undefined ? {} : { failed: step.failed }),
					...(step.assumed ? { assumed: true } : {}),
				});
				top.current = step.num;
			}
			return stack;
		case "target":
			if (top && top.chain === step.chain) {
				const previous = top.results.get(step.num) ?? {
					result: "match" as const,
				};
				top.results.set(step.num, { ...previous, target: step.description });
				top.current = step.num;
			}
			return stack;
		case "end-of-chain":
			if (top && top.chain === step.chain) {
				top.current = step.num;
				top.end = step.policy === undefined ? {} : { policy: step.policy };
			}
			return stack;
		default:
			return stack;
	}
}

export type Rewrite = {
	readonly what: string;
	readonly before: Packet;
	readonly after: Packet;
	readonly beforeMeta?: PacketMeta;
	readonly afterMeta?: PacketMeta;
};

export type PacketView = {
	readonly arrived: Packet;
	readonly arrivedMeta: PacketMeta;
	readonly now: Packet;
	readonly nowMeta: PacketMeta;
	readonly inInterface: string;
	readonly outInterface: string;
	readonly rewrites: readonly Rewrite[];
	readonly ctInfo: CtInfo | undefined;
	readonly ctEntry: ConntrackEntry | undefined;
	readonly ctNote: string | undefined;
	readonly fate: Fate | undefined;
};

/** The packet at the cursor, as it arrived, and every rewrite so far. */
export function selectPacket(trace: Trace, cursor: number): PacketView {
	let now = trace.packetIn;
	let nowMeta = trace.metaIn;
	let inInterface = trace.metaIn.inInterface;
	let outInterface = trace.metaIn.outInterface ?? "";
	const rewrites: Rewrite[] = [];
	let ct: Extract<Step, { kind: "conntrack" }> | undefined;
	let fate: Fate | undefined;
	for (let index = 0; index <= cursor && index < trace.steps.length; index++) {
		const step = trace.steps[index] as Step;
		if (step.kind === "rewrite") {
			rewrites.push(step);
			now = step.after;
			nowMeta = step.afterMeta ?? nowMeta;
		} else if (step.kind === "hook") {
			inInterface = step.inInterface;
			outInterface = step.outInterface;
		} else if (step.kind === "routing" && step.outInterface !== undefined) {
			outInterface = step.outInterface;
		} else if (step.kind === "conntrack") {
			ct = step;
		} else if (step.kind === "fate") {
			fate = step.fate;
		}
	}
	return {
		arrived: trace.packetIn,
		arrivedMeta: trace.metaIn,
		now,
		nowMeta,
		inInterface,
		outInterface,
		rewrites,
		ctInfo: ct?.info,
		ctEntry: ct?.entry,
		ctNote: ct?.note,
		fate,
	};
}

/** LOG lines produced up to the cursor (`steps` of kind `log`). */
export function selectLogLines(
	steps: readonly Step[],
	cursor: number,
): readonly string[] {
	const lines: string[] = [];
	for (let index = 0; index <= cursor && index < steps.length; index++) {
		const step = steps[index] as Step;
		if (step.kind === "log") {
			lines.push(step.line);
		}
	}
	return lines;
}
