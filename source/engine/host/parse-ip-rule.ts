/**
 * The routing policy database from `ip rule show` text or `ip -j rule show`
 * JSON (iproute2 ip/iprule.c print_rule). IPv6 rules are skipped. Never throws.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Mutable } from "../lib/mutable.js";
import type { RoutingRule, RuleAction } from "../model/host.js";
import { parseIpv4, prefixToMask } from "../net/ipv4.js";
import { parseProtocol } from "../net/protocol.js";
import {
	DiagnosticSink,
	parseCidr,
	parseJsonArray,
	splitWords,
} from "./host-diagnostics.js";
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

function u32(text: string): number | undefined {
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

/** Applies one keyword; returns how many value words it used, or an error. */
function applyWord(
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

function complete(
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

function parseTextLine(
	line: string,
	lineNo: number,
	sink: DiagnosticSink,
): RoutingRule | undefined {
	const words = splitWords(line);
	const head = words[0];
	const priority = u32(head?.text.replace(/:$/, "") ?? "");
	if (!head?.text.endsWith(":") || priority === undefined) {
		sink.add(
			"error",
			"bad-rule",
			"expected `PRIORITY:` first",
			lineNo,
			head?.column ?? 1,
			head?.text.length ?? 1,
		);
		return undefined;
	}
	const rule: Mutable<Partial<RoutingRule>> = {};
	for (let k = 1; k < words.length; k++) {
		const word = words[k] as (typeof words)[number];
		const next = words[k + 1];
		const used = applyWord(rule, word.text, next?.text ?? "");
		if (used === "ipv6") return undefined;
		if (used === "bad") {
			sink.add(
				"error",
				"bad-rule-value",
				`bad value '${next?.text ?? ""}' for '${word.text}'`,
				lineNo,
				next?.column ?? word.column,
				next?.text.length ?? 1,
			);
			return undefined;
		}
		if (used === "unknown") {
			sink.add(
				"info",
				"unknown-rule-word",
				`ignoring '${word.text}'`,
				lineNo,
				word.column,
				word.text.length,
			);
			continue;
		}
		k += used;
	}
	const done = complete(rule, priority);
	if (!done)
		sink.add(
			"error",
			"bad-rule",
			"rule has no action (lookup, goto, nop, blackhole, unreachable, prohibit)",
			lineNo,
			1,
			line.trim().length,
		);
	return done;
}

type Scalar = string | number | boolean | null;
type JsonRule = {
	readonly priority?: Scalar;
	readonly src?: Scalar;
	readonly srclen?: Scalar;
	readonly dst?: Scalar;
	readonly dstlen?: Scalar;
	readonly tos?: Scalar;
	readonly dscp?: Scalar;
	readonly fwmark?: Scalar;
	readonly fwmask?: Scalar;
	readonly iif?: Scalar;
	readonly oif?: Scalar;
	readonly uid_start?: Scalar;
	readonly uid_end?: Scalar;
	readonly ipproto?: Scalar;
	readonly table?: Scalar;
	readonly goto?: Scalar;
	readonly action?: Scalar;
	readonly suppress_prefixlen?: Scalar;
} & Readonly<Record<string, Scalar | undefined>>;

/** The words `ip rule show` would print for a JSON rule, in its order. */
function jsonWords(r: JsonRule): [string, string][] {
	const words: [string, string][] = [];
	const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
	const put = (key: string, value: unknown) => {
		if (value !== undefined) words.push([key, str(value)]);
	};
	if ("not" in r) put("not", "");
	const cidr = (a: unknown, len: unknown) =>
		len === undefined ? str(a) : `${str(a)}/${str(len)}`;
	if (r.src !== undefined) put("from", cidr(r.src, r.srclen));
	if (r.dst !== undefined) put("to", cidr(r.dst, r.dstlen));
	put("tos", r.tos);
	put("dscp", r.dscp);
	if (r.fwmark !== undefined)
		put(
			"fwmark",
			r.fwmask === undefined ? r.fwmark : `${str(r.fwmark)}/${str(r.fwmask)}`,
		);
	put("iif", r.iif);
	put("oif", r.oif);
	if (r.uid_start !== undefined)
		put("uidrange", `${str(r.uid_start)}-${str(r.uid_end)}`);
	put("ipproto", r.ipproto);
	for (const p of ["sport", "dport"]) {
		if (r[p] !== undefined) put(p, r[p]);
		else if (r[`${p}_start`] !== undefined)
			put(p, `${str(r[`${p}_start`])}-${str(r[`${p}_end`])}`);
	}
	if ("l3mdev" in r) put("l3mdev", "");
	put("lookup", r.table);
	put("goto", r.goto);
	if ("nop" in r) put("nop", "");
	if (typeof r.action === "string") put(r.action, "");
	put("suppress_prefixlength", r.suppress_prefixlen);
	return words;
}

function parseJson(text: string, sink: DiagnosticSink): RoutingRule[] {
	const data = parseJsonArray(text, sink, "ip -j rule show");
	if (data === undefined) return [];
	return data.flatMap((item, i) => {
		const r = (
			typeof item === "object" && item !== null ? item : {}
		) as JsonRule;
		const priority = typeof r.priority === "number" ? r.priority : 0;
		const rule: Mutable<Partial<RoutingRule>> = {};
		for (const [key, value] of jsonWords(r)) {
			const used = applyWord(rule, key, value);
			if (used === "ipv6") return [];
			if (used === "bad" || used === "unknown") {
				sink.add(
					"error",
					"bad-rule-value",
					`rule ${i + 1}: bad value '${value}' for '${key}'`,
					1,
				);
				return [];
			}
		}
		const done = complete(rule, priority);
		if (!done)
			sink.add(
				"error",
				"bad-rule",
				`rule ${i + 1} (priority ${priority}) has no action I can read`,
				1,
			);
		return done ? [done] : [];
	});
}

/**
 * Parses `ip rule show` (text) or `ip -j rule show` (JSON, detected by a
 * leading `[`). Rules come back in kernel order: by priority, listing order
 * within one. `fwmark` without a mask means mask 0xffffffff, as printed.
 */
export function parseIpRule(
	text: string,
	source = "ip-rule",
): { rules: RoutingRule[]; diagnostics: Diagnostic[] } {
	const sink = new DiagnosticSink(source);
	let rules: RoutingRule[];
	if (text.trim().startsWith("[")) rules = parseJson(text.trim(), sink);
	else {
		rules = [];
		text.split(/\r?\n/).forEach((line, i) => {
			if (line.trim() === "" || line.trim().startsWith("#")) return;
			const rule = parseTextLine(line, i + 1, sink);
			if (rule) rules.push(rule);
		});
	}
	const ordered = rules
		.map((rule, i) => ({ rule, i }))
		.sort((a, b) => a.rule.priority - b.rule.priority || a.i - b.i);
	return { rules: ordered.map((o) => o.rule), diagnostics: sink.list };
}
