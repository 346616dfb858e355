/**
 * Prints the model back in iptables-save form (`iptables-save -c` when
 * counters are known). Parsing the output gives the same model, so the
 * printer is also how rules are compared (`-D` by spec).
 */
import type {
	Chain,
	Counters,
	MatchCall,
	RawOption,
	Rule,
	Ruleset,
	TargetCall,
} from "../model/ruleset.js";

const plainWord = /^[A-Za-z0-9_.:,/+=@%^*~?[\]{}()<>|&;$-]+$/;

/** A word as the tokenizer reads it back: quoted when it has to be. */
export function quoteWord(word: string): string {
	if (word.length > 0 && plainWord.test(word) && word[0] !== "-") return word;
	return `"${word.replace(/["\\']/g, "\\$&")}"`;
}

function printOptions(parts: string[], options: readonly RawOption[]): void {
	for (const option of options) {
		if (option.invert) parts.push("!");
		parts.push(option.name);
		for (const arg of option.args) parts.push(quoteWord(arg));
	}
}

function printMatch(parts: string[], match: MatchCall): void {
	if (!match.implicit) parts.push("-m", quoteWord(match.module));
	printOptions(parts, match.options);
}

function printTarget(parts: string[], target: TargetCall): void {
	parts.push(target.kind === "goto" ? "-g" : "-j", quoteWord(target.name));
	printOptions(parts, target.options);
}

/** The rule without `-A CHAIN` and counters: what identifies it for `-D`. */
export function formatRuleSpec(rule: Rule): string {
	const parts: string[] = [];
	const { header } = rule;
	const not = (invert: boolean) => {
		if (invert) parts.push("!");
	};
	if (header.source) {
		not(header.source.invert);
		parts.push("-s", header.source.text);
	}
	if (header.destination) {
		not(header.destination.invert);
		parts.push("-d", header.destination.text);
	}
	if (header.inInterface) {
		not(header.inInterface.invert);
		parts.push(
			"-i",
			quoteWord(
				header.inInterface.name + (header.inInterface.wildcard ? "+" : ""),
			),
		);
	}
	if (header.outInterface) {
		not(header.outInterface.invert);
		parts.push(
			"-o",
			quoteWord(
				header.outInterface.name + (header.outInterface.wildcard ? "+" : ""),
			),
		);
	}
	if (header.protocol) {
		not(header.protocol.invert);
		parts.push("-p", header.protocol.text);
	}
	if (header.fragment) {
		not(header.fragment.invert);
		parts.push("-f");
	}
	for (const match of rule.matches) printMatch(parts, match);
	if (rule.target) printTarget(parts, rule.target);
	return parts.join(" ");
}

function counterText(counters: Counters | undefined): string {
	return counters ? `[${counters.packets}:${counters.bytes}]` : "[0:0]";
}

/** `-A CHAIN ...`, prefixed with `[p:b] ` when the rule has counters. */
export function printRule(rule: Rule): string {
	const spec = formatRuleSpec(rule);
	const line = spec === "" ? `-A ${rule.chain}` : `-A ${rule.chain} ${spec}`;
	return rule.counters ? `${counterText(rule.counters)} ${line}` : line;
}

function chainLine(chain: Chain): string {
	return `:${chain.name} ${chain.builtin ? (chain.policy ?? "ACCEPT") : "-"} ${counterText(chain.counters)}`;
}

/** The whole ruleset in iptables-save form, tables in model order. */
export function printRuleset(ruleset: Ruleset): string {
	const out: string[] = [];
	for (const table of ruleset.tables.values()) {
		out.push(`*${table.name}`);
		for (const chain of table.chains.values()) out.push(chainLine(chain));
		for (const chain of table.chains.values()) {
			for (const rule of chain.rules) out.push(printRule(rule));
		}
		out.push("COMMIT");
	}
	return out.length === 0 ? "" : `${out.join("\n")}\n`;
}
