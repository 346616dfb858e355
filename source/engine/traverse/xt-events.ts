/**
 * The trace events of an x_tables table, as the kernel reports them. With
 * iptables-legacy: TRACE's `table:chain:rule|return|policy:N`. With
 * iptables-nft (`--iptables-backend nft`) the same tables are nf_tables
 * tables of family ip/ip6, traced as nf_tables: a matching rule reports its
 * handle and verdict (`continue` for a target that goes on, as LOG and MARK
 * do; `accept` for the NAT targets; `drop` for REJECT; `jump:C`, `return`),
 * a chain that runs out `end`, and a built-in chain's end `end` and then its
 * policy. The k-th rule of a chain in iptables-save is the k-th rule of that
 * chain in `nft -j list ruleset`, which gives the handle.
 */
import { isIpv6 } from "../model/packet.js";
import type { Chain, Rule, TableName } from "../model/ruleset.js";
import type { Run } from "./run.js";
import type { TraceEvent, XtTraceEvent } from "./trace-types.js";
import type { TableVerdict } from "./walk-table.js";

export type XtEventSink = {
	/** True when the table is iptables-nft's: rule events wait for the target's verdict. */
	readonly nft: boolean;
	/** A rule matched; `verdict` is the nf_tables verdict it came to. */
	readonly rule: (chain: Chain, position: number, verdict: string) => void;
	/** A user chain ran out of rules (an implicit return). */
	readonly end: (chain: Chain, num: number) => void;
	/** A built-in chain ran out of rules: its policy decides. */
	readonly policy: (chain: Chain, num: number, policy: string) => void;
};

const verdictTargets = new Set(["ACCEPT", "DROP", "RETURN", "QUEUE"]);

/** TRACE's label: `policy`/`return` for an unconditional entry with a standard verdict. */
function legacyType(rule: Rule, chain: Chain): XtTraceEvent["type"] {
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

/** The nf_tables verdict of a rule whose target ran with this outcome (undefined: it went on). */
export function nftVerdictOf(
	rule: Rule,
	outcome: TableVerdict | undefined,
): string {
	const target = rule.target;
	if (!target) return "continue";
	if (target.kind === "jump" || target.kind === "goto")
		return `${target.kind}:${target.name}`;
	if (target.kind === "verdict") return target.name.toLowerCase();
	switch (outcome?.kind) {
		case "ACCEPT":
		case "NAT":
			return "accept";
		case "DROP":
		case "REJECT":
			return "drop";
		case "QUEUE":
			return "queue";
		default:
			return "continue";
	}
}

export function xtEventSink(run: Run, table: TableName): XtEventSink {
	const nft = run.context.nft;
	const family = isIpv6(run.packet) ? "ip6" : "ip";
	const handles = (chain: Chain) =>
		nft?.iptablesNft
			? nft.xtablesHandles.get(`${family}|${table}|${chain.name}`)
			: undefined;
	const place = (chain: Chain) =>
		({ kind: "nft", family, table, chain: chain.name }) as const;
	const inNft = [...(nft?.xtablesHandles.keys() ?? [])].some((key) =>
		key.startsWith(`${family}|${table}|`),
	);
	if (!nft?.iptablesNft || !inNft)
		return {
			nft: false,
			rule: (chain, position) => {
				const rule = chain.rules[position];
				emit(run, {
					table,
					chain: chain.name,
					type: rule ? legacyType(rule, chain) : "rule",
					num: position + 1,
				});
			},
			end: (chain, num) =>
				emit(run, { table, chain: chain.name, type: "return", num }),
			policy: (chain, num) =>
				emit(run, { table, chain: chain.name, type: "policy", num }),
		};
	return {
		nft: true,
		rule: (chain, position, verdict) => {
			const handle = handles(chain)?.[position];
			emit(run, {
				...place(chain),
				type: "rule",
				...(handle === undefined ? {} : { handle }),
				verdict,
			});
		},
		end: (chain) => emit(run, { ...place(chain), type: "end" }),
		policy: (chain, _num, policy) => {
			emit(run, { ...place(chain), type: "end" });
			emit(run, {
				...place(chain),
				type: "policy",
				verdict: policy.toLowerCase(),
			});
		},
	};
}
