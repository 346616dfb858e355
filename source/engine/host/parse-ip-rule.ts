/**
 * The routing policy database from `ip rule show` text or `ip -j rule show`
 * JSON (iproute2 ip/iprule.c print_rule). IPv6 rules are skipped. Never throws.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { Mutable } from "../lib/mutable.js";
import type { RoutingRule } from "../model/host.js";
import { DiagnosticSink, splitWords } from "./host-diagnostics.js";
import { applyWord, complete, u32 } from "./ip-rule-words.js";
import { parseIpRuleJson } from "./parse-ip-rule-json.js";

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
	if (text.trim().startsWith("[")) rules = parseIpRuleJson(text.trim(), sink);
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
