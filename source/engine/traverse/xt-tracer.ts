/**
 * The trace events of an x_tables walk. iptables-legacy tables send the
 * TRACE target's lines (`table:chain:rule|return|policy:N`, an
 * unconditional verdict at a chain's end named as its return or policy);
 * iptables-nft tables are nf_tables chains and send nftrace messages
 * (`nft:ip:TABLE:CHAIN:rule:HANDLE:VERDICT`, `end`, `policy`), the rule's
 * handle from the nft listing (the k-th rule of the chain).
 */
import type { Chain, Rule, TableName } from "../model/ruleset.js";
import type { Run } from "./run.js";
import type { TraceEvent, XtTraceEvent } from "./trace-types.js";

export type XtTracer = {
	/** A rule matched (legacy traces it here, before its target runs). */
	readonly matched: (
		run: Run,
		table: TableName,
		chain: Chain,
		position: number,
		rule: Rule,
	) => void;
	/** Whether `verdict` traces anything: its text need not be made otherwise. */
	readonly tracesVerdicts: boolean;
	/** The rule's verdict is known (nf_tables traces it here). */
	readonly verdict: (
		run: Run,
		table: TableName,
		chain: Chain,
		position: number,
		verdict: string,
	) => void;
	/** A chain ran out of rules: implicit return, or the built-in policy. */
	readonly end: (
		run: Run,
		table: TableName,
		chain: Chain,
		num: number,
		policy?: "ACCEPT" | "DROP",
	) => void;
};

const verdictTargets = new Set(["ACCEPT", "DROP", "RETURN", "QUEUE"]);

/** TRACE's label: `policy`/`return` for an unconditional entry with a standard verdict. */
function eventType(rule: Rule, chain: Chain): XtTraceEvent["type"] {
	const target = rule.target;
	const standardVerdict =
		target?.kind === "verdict" && verdictTargets.has(target.name);
	if (rule.unconditional && standardVerdict)
		return chain.builtin ? "policy" : "return";
	return "rule";
}

function emit(run: Run, event: TraceEvent): void {
	run.events.push(event);
	run.step({ kind: "trace-event", event });
}

/**
 * A chain's events, made once and shared by every trace that meets them
 * (events are immutable): slot `position` for its rules, slot
 * `rules.length` for its end. Readers such as replay's output can then
 * keep what they made of an event by the event.
 */
const chainEvents = new WeakMap<Chain, (XtTraceEvent | undefined)[]>();

function sharedEvent(
	table: TableName,
	chain: Chain,
	slot: number,
	type: XtTraceEvent["type"],
	num: number,
): XtTraceEvent {
	let events = chainEvents.get(chain);
	if (events === undefined) {
		events = [];
		chainEvents.set(chain, events);
	}
	const known = events[slot];
	if (known?.table === table && known.type === type && known.num === num)
		return known;
	const event: XtTraceEvent = { table, chain: chain.name, type, num };
	events[slot] = event;
	return event;
}

/** One object for every walk: the tracers are told the run and table on each call. */
const legacyTracer: XtTracer = {
	matched: (run, table, chain, position, rule) =>
		emit(
			run,
			sharedEvent(table, chain, position, eventType(rule, chain), position + 1),
		),
	tracesVerdicts: false,
	verdict: () => undefined,
	end: (run, table, chain, num) =>
		emit(
			run,
			sharedEvent(
				table,
				chain,
				chain.rules.length,
				chain.builtin ? "policy" : "return",
				num,
			),
		),
};

function place(run: Run, table: TableName, chain: Chain) {
	return {
		kind: "nft" as const,
		family: run.packet.family === "ipv6" ? "ip6" : "ip",
		table,
		chain: chain.name,
	};
}

const nftTracer: XtTracer = {
	matched: () => undefined,
	tracesVerdicts: true,
	verdict: (run, table, chain, position, verdict) => {
		const at = place(run, table, chain);
		const handle = run.context.nft?.xtablesHandles.get(
			`${at.family}|${table}|${chain.name}`,
		)?.[position];
		emit(run, {
			...at,
			type: "rule",
			...(handle !== undefined ? { handle } : {}),
			verdict,
		});
	},
	end: (run, table, chain, _num, policy) => {
		emit(run, { ...place(run, table, chain), type: "end" });
		if (chain.builtin)
			emit(run, {
				...place(run, table, chain),
				type: "policy",
				verdict: (policy ?? "ACCEPT").toLowerCase(),
			});
	},
};

/** The tracer for this run's walks: iptables-nft tables trace as nf_tables chains. */
export function xtTracer(run: Run): XtTracer {
	return run.context.nft?.iptablesNft ? nftTracer : legacyTracer;
}
