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
	readonly matched: (chain: Chain, position: number, rule: Rule) => void;
	/** The rule's verdict is known (nf_tables traces it here). */
	readonly verdict: (chain: Chain, position: number, verdict: string) => void;
	/** A chain ran out of rules: implicit return, or the built-in policy. */
	readonly end: (chain: Chain, num: number, policy?: "ACCEPT" | "DROP") => void;
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

function legacyTracer(run: Run, table: TableName): XtTracer {
	return {
		matched: (chain, position, rule) =>
			emit(run, {
				table,
				chain: chain.name,
				type: eventType(rule, chain),
				num: position + 1,
			}),
		verdict: () => undefined,
		end: (chain, num) =>
			emit(run, {
				table,
				chain: chain.name,
				type: chain.builtin ? "policy" : "return",
				num,
			}),
	};
}

function nftTracer(
	run: Run,
	table: TableName,
	family: "ip" | "ip6",
	handles: ReadonlyMap<string, readonly (number | undefined)[]>,
): XtTracer {
	const place = (chain: Chain) => ({
		kind: "nft" as const,
		family,
		table,
		chain: chain.name,
	});
	return {
		matched: () => undefined,
		verdict: (chain, position, verdict) => {
			const handle = handles.get(`${family}|${table}|${chain.name}`)?.[
				position
			];
			emit(run, {
				...place(chain),
				type: "rule",
				...(handle !== undefined ? { handle } : {}),
				verdict,
			});
		},
		end: (chain, _num, policy) => {
			emit(run, { ...place(chain), type: "end" });
			if (chain.builtin)
				emit(run, {
					...place(chain),
					type: "policy",
					verdict: (policy ?? "ACCEPT").toLowerCase(),
				});
		},
	};
}

/** The tracer for a walk of `table` by this run's packet. */
export function xtTracer(run: Run, table: TableName): XtTracer {
	const nft = run.context.nft;
	if (!nft?.iptablesNft) return legacyTracer(run, table);
	const family = run.packet.family === "ipv6" ? "ip6" : "ip";
	return nftTracer(run, table, family, nft.xtablesHandles);
}
