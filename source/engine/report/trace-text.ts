/**
 * A trace as a firewall engineer's packet tracer reads: numbered phases
 * (hooks and routing decisions), the rules that matched with their source
 * line, NAT before → after, the LOG lines, and the final fate.
 */
import { escapeTerminalText, formatPacketShort } from "../format/short.js";
import type { RouteDecision, RouteDecision6 } from "../model/host.js";
import type { Ruleset } from "../model/ruleset.js";
import { formatEndpoint } from "../net/address.js";
import { formatIpv4 } from "../net/ipv4.js";
import { shortIpv6 } from "../net/ipv6-text.js";
import type { NftRule } from "../nft/model.js";
import { printRule as printNftRule } from "../nft/print-stmt.js";
import type { Fate, Step, Trace, TraceEvent } from "../traverse/trace-types.js";
import { metaAt, placeAt } from "./packet-place.js";

export type TraceTextOptions = {
	/** Show every evaluated rule, with the test that failed. @default false */
	readonly verbose?: boolean;
};

export function eventText(event: TraceEvent): string {
	if (event.kind !== "nft")
		return `${event.table}:${event.chain}:${event.type}:${event.num}`;
	const place = `nft:${event.family}:${event.table}:${event.chain}`;
	if (event.type === "end") return `${place}:end`;
	if (event.type === "policy") return `${place}:policy:${event.verdict}`;
	return `${place}:rule:${event.handle ?? "?"}:${event.verdict}`;
}

export function describeFate(fate: Fate): string {
	switch (fate.kind) {
		case "delivered":
			return `delivered to a local socket (in ${fate.device})`;
		case "forwarded":
			return `forwarded out of ${fate.device}`;
		case "sent":
			return `sent out of ${fate.device}`;
		case "bridged":
			return `bridged on ${fate.device}${fate.port ? ` to port ${fate.port}` : ""}`;
		case "looped-back":
			return "handed to lo (comes back in as a new arrival on lo)";
		case "dropped":
			return `dropped: ${fate.reason}`;
		case "rejected":
			return `rejected by ${fate.table} ${fate.chain}${fate.num ? ` rule ${fate.num}` : ""} with ${fate.with}${fate.reply ? ` (reply: ${formatPacketShort(fate.reply, { inInterface: "", mark: 0, time: 0 })})` : ""}`;
		case "queued":
			return fate.note;
		case "stopped":
			return `stopped: ${fate.reason}`;
	}
}

/** An IPv6 route decision, as `ip -6 route get` would hint at it. */
export function describeDecision6(decision: RouteDecision6): string {
	switch (decision.kind) {
		case "local":
		case "multicast":
			return `for this host: ${decision.why}`;
		case "unicast": {
			const { route } = decision;
			const via =
				route.gateway === undefined
					? " (on-link)"
					: ` via ${shortIpv6(route.gateway)}`;
			return `out of ${decision.device}${via} (route ${route.prefixLength === 0 ? "default" : `${shortIpv6(route.destination)}/${route.prefixLength}`})`;
		}
		default:
			return decision.kind;
	}
}

/** A route decision as `ip route get` would hint at it: the route used and where it leads. */
export function describeDecision(decision: RouteDecision): string {
	const route = decision.route;
	const prefix = route
		? route.prefixLength === 0
			? "default"
			: `${formatIpv4(route.destination)}/${route.prefixLength}`
		: "";
	switch (decision.kind) {
		case "local":
			return `this host's address${prefix ? ` (local route ${prefix})` : ""}`;
		case "unicast":
			return `out of ${decision.device}${route?.gateway === undefined ? " (on-link)" : ` via ${formatIpv4(route.gateway)}`}${prefix ? ` (route ${prefix})` : ""}`;
		case "broadcast":
		case "multicast":
			return `${decision.kind} on ${decision.device}`;
		default:
			return `${decision.kind}${prefix ? ` (route ${prefix})` : ""}`;
	}
}

function ruleLine(ruleset: Ruleset, ruleId: string): string {
	const rule = ruleset.rulesById.get(ruleId);
	return rule ? `line ${rule.line}: ${escapeTerminalText(rule.text)}` : ruleId;
}

function packetChange(step: Extract<Step, { kind: "rewrite" }>): string {
	const b = step.before;
	const a = step.after;
	const parts: string[] = [];
	if (b.src !== a.src || b.sport !== a.sport)
		parts.push(
			`source ${formatEndpoint(b.src, b.sport)} → ${formatEndpoint(a.src, a.sport)}`,
		);
	if (b.dst !== a.dst || b.dport !== a.dport)
		parts.push(
			`destination ${formatEndpoint(b.dst, b.dport)} → ${formatEndpoint(a.dst, a.dport)}`,
		);
	const hops = a.family === "ipv6" ? "hop limit" : "TTL";
	if (b.ttl !== a.ttl) parts.push(`${hops} ${b.ttl} → ${a.ttl}`);
	if (b.tos !== a.tos)
		parts.push(`TOS 0x${b.tos.toString(16)} → 0x${a.tos.toString(16)}`);
	if (
		step.beforeMeta &&
		step.afterMeta &&
		step.beforeMeta.mark !== step.afterMeta.mark
	) {
		parts.push(
			`mark 0x${step.beforeMeta.mark.toString(16)} → 0x${step.afterMeta.mark.toString(16)}`,
		);
	}
	return parts.length > 0 ? `${step.what}: ${parts.join(", ")}` : step.what;
}

/** An nft rule as the trace names it: its handle and its text. */
function nftRuleName(handle: number | undefined, rule: NftRule | undefined) {
	const text = rule ? ` (${escapeTerminalText(printNftRule(rule))})` : "";
	return `rule${handle === undefined ? "" : ` handle ${handle}`}${text}`;
}

/** One line per step worth reading, with the phase counter. */
function stepLines(
	step: Step,
	ruleset: Ruleset,
	verbose: boolean,
	phase: { n: number },
): string[] {
	switch (step.kind) {
		case "hook":
			phase.n++;
			return [
				`${phase.n}. ${step.hook}${step.inInterface ? ` in=${step.inInterface}` : ""}${step.outInterface ? ` out=${step.outInterface}` : ""}`,
			];
		case "routing":
			phase.n++;
			return [
				`${phase.n}. routing: ${step.reason}: ${describeDecision(step.decision)}`,
			];
		case "routing6":
			phase.n++;
			return [
				`${phase.n}. routing: ${step.reason}: ${describeDecision6(step.decision)}`,
			];
		case "table":
			return [`   ${step.table} table`];
		case "chain":
			return step.via === "hook"
				? []
				: [`     → chain ${step.chain} (${step.via})`];
		case "rule":
			if (step.result === "match")
				return [
					`     ✓ ${step.chain} rule ${step.num} (${ruleLine(ruleset, step.ruleId)})${step.assumed ? " [unknown match assumed]" : ""}`,
				];
			return verbose
				? [
						`     ✗ ${step.chain} rule ${step.num}: ${escapeTerminalText(step.failed ?? step.result)}`,
					]
				: [];
		case "target":
			return [`       target: ${escapeTerminalText(step.description)}`];
		case "end-of-chain":
			return [
				step.policy
					? `     ${step.chain} policy ${step.policy}`
					: `     end of ${step.chain}: return`,
			];
		case "conntrack":
			return [`   conntrack: ${step.info} (${step.note})`];
		case "rewrite":
			return [`   ${packetChange(step)}`];
		case "log":
			return [`   LOG: ${escapeTerminalText(step.line)}`];
		case "note":
			return [`   note: ${escapeTerminalText(step.text)}`];
		case "nft-chain":
			return step.via === "hook"
				? [
						`   nft ${step.family} ${escapeTerminalText(step.table)} chain ${escapeTerminalText(step.chain)} (priority ${step.priority ?? 0})`,
					]
				: [`     → chain ${escapeTerminalText(step.chain)} (${step.via})`];
		case "nft-rule":
			if (step.verdict !== undefined)
				return [
					`     ✓ ${escapeTerminalText(step.chain)} ${nftRuleName(step.handle, step.rule)} → ${escapeTerminalText(step.verdict)}`,
				];
			return verbose
				? [
						`     ✗ ${escapeTerminalText(step.chain)} ${nftRuleName(step.handle, step.rule)}: ${escapeTerminalText(step.failed ?? "no match")}`,
					]
				: [];
		case "nft-end":
			return [
				step.policy
					? `     ${escapeTerminalText(step.chain)} policy ${step.policy}`
					: `     end of ${escapeTerminalText(step.chain)}`,
			];
		case "verdict":
		case "trace-event":
		case "fate":
			return [];
	}
}

export function formatTraceText(
	trace: Trace,
	ruleset: Ruleset,
	options: TraceTextOptions = {},
): string {
	const lines = [`packet: ${formatPacketShort(trace.packetIn, trace.metaIn)}`];
	const phase = { n: 0 };
	for (const step of trace.steps)
		lines.push(...stepLines(step, ruleset, options.verbose ?? false, phase));
	lines.push(`fate: ${describeFate(trace.fate)}`);
	if (trace.packetOut !== trace.packetIn)
		lines.push(
			`leaves as: ${formatPacketShort(trace.packetOut, metaAt(trace.metaOut, placeAt(trace, trace.steps.length - 1)))}`,
		);
	return `${lines.join("\n")}\n`;
}
