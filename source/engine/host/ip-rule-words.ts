/**
 * The words of one policy routing rule, as `ip rule` prints and reads them
 * (iproute2 ip/iprule.c): selectors (from, to, fwmark, iif, ports, ...)
 * and the action (lookup, goto, nop, blackhole, ...).
 */
import type { Mutable } from "../lib/mutable.js";
import type { RoutingRule, RuleAction } from "../model/host.js";
import { parseIpv4, prefixToMask } from "../net/ipv4.js";
import { parseProtocol } from "../net/protocol.js";
import { parseCidr } from "./host-diagnostics.js";
import { isCustomTableName, tableIdOf } from "./route-tables.js";

type Prefix = NonNullable<RoutingRule["from"]>;
type Range = NonNullable<RoutingRule["sourcePorts"]>;

/** Words that carry a value this model does not use. */
const ignoredWithValue = new Set([
	"realms",
	"proto",
	"protocol",
	"flowlabel",
	"tun_id",
	"map-to",
	"suppress_ifgroup",
]);
const failActions = new Set(["blackhole", "unreachable", "prohibit"]);

function prefix(text: string): Prefix | "ipv6" | undefined {
	if (text === "all") return { address: 0, prefixLength: 0 };
	if (text.includes(":")) return "ipv6";
	const cidr = parseCidr(text, parseIpv4);
	if (!cidr) return undefined;
	const address = (cidr.address & prefixToMask(cidr.prefixLength)) >>> 0;
	return { address, prefixLength: cidr.prefixLength };
}

/** An unsigned 32-bit number, decimal or 0x hex, as iproute2 reads one. */
export function u32(text: string): number | undefined {
	if (!/^(0x[0-9a-f]+|\d+)$/i.test(text)) return undefined;
	const value = Number(text);
	return value <= 0xffffffff ? value : undefined;
}

function range(text: string, max: number): Range | undefined {
	const [a, b = a] = text.split("-");
	const from = u32(a ?? "");
	const to = u32(b ?? "");
	if (from === undefined || to === undefined || from > to || to > max)
		return undefined;
	return { from, to };
}

function lookup(table: string): RuleAction | undefined {
	if (table === "[l3mdev-table]") return { kind: "l3mdev" };
	const id = tableIdOf(table);
	if (id === undefined) return undefined;
	return isCustomTableName(table)
		? { kind: "lookup", table: id, tableName: table }
		: { kind: "lookup", table: id };
}

/**
 * Applies one keyword of a rule (iprule.c's selectors and actions) to it;
 * returns how many value words it used, or why it cannot.
 */
export function applyWord(
	rule: Mutable<Partial<RoutingRule>>,
	key: string,
	value: string,
): number | "bad" | "unknown" | "ipv6" {
	switch (key) {
		case "not":
			rule.invert = true;
			return 0;
		case "from":
		case "to": {
			const p = prefix(value);
			if (p === "ipv6" || p === undefined) return p ?? "bad";
			if (p.prefixLength > 0) rule[key] = p;
			return 1;
		}
		case "tos":
		case "dsfield":
		case "dscp": {
			const n = u32(value);
			if (n === undefined || n > (key === "dscp" ? 63 : 255)) return "bad";
			if (n !== 0) rule.tos = key === "dscp" ? n << 2 : n;
			return 1;
		}
		case "fwmark": {
			const [v = "", m] = value.split("/");
			const mark = u32(v);
			const mask = m === undefined ? 0xffffffff : u32(m);
			if (mark === undefined || mask === undefined) return "bad";
			rule.fwmark = { value: mark, mask };
			return 1;
		}
		case "iif":
		case "oif":
			rule[key] = value;
			return 1;
		case "ipproto": {
			const n = parseProtocol(value);
			if (n === undefined) return "bad";
			rule.protocol = n;
			return 1;
		}
		case "sport":
		case "dport":
		case "uidrange": {
			const r = range(value, key === "uidrange" ? 0xffffffff : 0xffff);
			if (!r) return "bad";
			if (key === "uidrange") rule.uidRange = r;
			else rule[key === "sport" ? "sourcePorts" : "destinationPorts"] = r;
			return 1;
		}
		case "lookup":
		case "table": {
			const action = lookup(value);
			if (!action) return "bad";
			rule.action = action;
			return 1;
		}
		case "goto": {
			const target = u32(value);
			if (target === undefined) return "bad";
			rule.action = { kind: "goto", target };
			return 1;
		}
		case "suppress_prefixlength": {
			const n = u32(value);
			if (n === undefined) return "bad";
			if (n <= 32) rule.suppressPrefixLength = n;
			return 1;
		}
		case "nop":
			rule.action = { kind: "nop" };
			return 0;
		case "l3mdev":
			rule.action = { kind: "l3mdev" };
			return 0;
		case "[detached]":
		case "[unresolved]":
			return 0;
		default:
			if (failActions.has(key)) {
				rule.action = { kind: key as "blackhole" };
				return 0;
			}
			return ignoredWithValue.has(key) ? 1 : "unknown";
	}
}

/** The rule its words built, or undefined when none named an action. */
export function complete(
	rule: Mutable<Partial<RoutingRule>>,
	priority: number,
): RoutingRule | undefined {
	if (!rule.action) return undefined;
	return {
		...rule,
		priority,
		invert: rule.invert ?? false,
		action: rule.action,
	};
}
