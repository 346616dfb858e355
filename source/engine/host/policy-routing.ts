/**
 * The routing policy database walk (fib_rules_lookup in
 * net/core/fib_rules.c, fib4_rule_match/fib4_rule_action in
 * net/ipv4/fib_rules.c): rules in order, the first matching rule whose
 * action gives an answer decides. A table without a route for the
 * destination, a `throw` route, or a result suppressed by
 * `suppress_prefixlength` continues with the next rule.
 */
import type { Route, RoutingRule } from "../model/host.js";
import { prefixToMask } from "../net/ipv4.js";

/** What a policy lookup knows about the packet (struct flowi4). */
export type RuleFlow = {
	readonly destination: number;
	/** 0 for a socket that has not picked its source yet. */
	readonly source: number;
	readonly mark: number;
	/** `lo` for locally generated packets (LOOPBACK_IFINDEX). */
	readonly inInterface: string;
	readonly outInterface?: string;
	readonly tos: number;
	readonly protocol: number;
	readonly sourcePort: number;
	readonly destinationPort: number;
	readonly uid: number;
};

/** The kernel's rules when nobody added any (fib_default_rules_init). */
export const defaultRules: readonly RoutingRule[] = [
	{ priority: 0, invert: false, action: { kind: "lookup", table: 255 } },
	{ priority: 32766, invert: false, action: { kind: "lookup", table: 254 } },
	{ priority: 32767, invert: false, action: { kind: "lookup", table: 253 } },
];

function inPrefix(
	address: number,
	prefix: RoutingRule["from"] | undefined,
): boolean {
	if (!prefix) return true;
	return ((address ^ prefix.address) & prefixToMask(prefix.prefixLength)) === 0;
}

function inRange(
	value: number,
	range: RoutingRule["sourcePorts"] | undefined,
): boolean {
	return !range || (value >= range.from && value <= range.to);
}

/** fib_rule_match + fib4_rule_match, with `not` applied last. */
export function ruleMatches(rule: RoutingRule, flow: RuleFlow): boolean {
	const matched =
		(rule.iif === undefined || rule.iif === flow.inInterface) &&
		(rule.oif === undefined || rule.oif === flow.outInterface) &&
		(rule.fwmark === undefined ||
			((rule.fwmark.value ^ flow.mark) & rule.fwmark.mask) === 0) &&
		inRange(flow.uid, rule.uidRange) &&
		inPrefix(flow.source, rule.from) &&
		inPrefix(flow.destination, rule.to) &&
		(rule.tos === undefined || (rule.tos & 0xfc) === (flow.tos & 0xfc)) &&
		(rule.protocol === undefined || rule.protocol === flow.protocol) &&
		inRange(flow.sourcePort, rule.sourcePorts) &&
		inRange(flow.destinationPort, rule.destinationPorts);
	return rule.invert ? !matched : matched;
}

export type PolicyResult =
	| { readonly kind: "route"; readonly route: Route }
	| {
			readonly kind: "blackhole" | "unreachable" | "prohibit";
			readonly rule: RoutingRule;
	  }
	/** No rule answered: ENETUNREACH. */
	| { readonly kind: "none" };

/**
 * Walks `rules` (already in kernel order) for `flow`; `lookupTable` answers
 * one table's best route for the destination, or undefined when it has none.
 */
export function resolvePolicy(
	rules: readonly RoutingRule[],
	flow: RuleFlow,
	lookupTable: (table: number) => Route | undefined,
): PolicyResult {
	for (let i = 0; i < rules.length; i++) {
		const rule = rules[i] as RoutingRule;
		if (!ruleMatches(rule, flow)) continue;
		const action = rule.action;
		switch (action.kind) {
			case "nop":
			case "l3mdev":
				continue;
			case "goto": {
				const j = rules.findIndex((r) => r.priority === action.target);
				// An unresolved goto continues; a jump always goes forward.
				if (j > i) i = j - 1;
				continue;
			}
			case "blackhole":
			case "unreachable":
			case "prohibit":
				return { kind: action.kind, rule };
			case "lookup": {
				const route = lookupTable(action.table);
				if (!route || route.type === "throw") continue;
				const suppress = rule.suppressPrefixLength;
				if (suppress !== undefined && route.prefixLength <= suppress) continue;
				return { kind: "route", route };
			}
			default: {
				const never: never = action;
				throw new Error(`policy-routing: unknown action ${String(never)}`);
			}
		}
	}
	return { kind: "none" };
}
