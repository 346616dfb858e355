/**
 * The routing policy database from `ip -j rule show` JSON: each entry is
 * turned into the words `ip rule show` would print, then read as those.
 */
import type { Mutable } from "../lib/mutable.js";
import type { RoutingRule } from "../model/host.js";
import { type DiagnosticSink, parseJsonArray } from "./host-diagnostics.js";
import { applyWord, complete } from "./ip-rule-words.js";

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

/** Rules of `ip -j rule show`, read through the words the text form would print. */
export function parseIpRuleJson(
	text: string,
	sink: DiagnosticSink,
): RoutingRule[] {
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
