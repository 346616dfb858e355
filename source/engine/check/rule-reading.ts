/**
 * What a rule's header and options say, as the load checks ask it: the
 * protocol it is limited to, an option's argument, whether a NAT target
 * whether a TCP match tests SYN, and where an option is.
 */
import type { RawOption } from "../model/ruleset.js";
import type { RuleFacts } from "../parse/checked-rule.js";

export const tcpOnly: readonly number[] = [6];
export const tcpOrUdp: readonly number[] = [6, 17];
export function hasProtocol(
	header: RuleFacts["header"],
	allowed: readonly number[],
): boolean {
	const protocol = header.protocol;
	return (
		protocol !== undefined &&
		!protocol.invert &&
		allowed.includes(protocol.number)
	);
}

export function optionArg(
	options: readonly RawOption[],
	names: readonly string[],
): { value: string; column: number }[] {
	const found: { value: string; column: number }[] = [];
	for (const option of options) {
		if (names.includes(option.name) && option.args[0] !== undefined)
			found.push({ value: option.args[0], column: option.column });
	}
	return found;
}

export function hasSynTest(rule: RuleFacts): boolean {
	for (const match of rule.matches) {
		if (match.module !== "tcp") continue;
		for (const option of match.options) {
			if (option.invert) continue;
			if (option.name === "--syn") return true;
			if (option.name === "--tcp-flags") {
				const [mask = "", comp = ""] = option.args;
				const has = (list: string) =>
					list.split(",").some((flag) => flag === "SYN" || flag === "ALL");
				if (has(mask) && has(comp)) return true;
			}
		}
	}
	return false;
}

export function optionColumn(text: string, pattern: RegExp): number {
	const found = pattern.exec(text);
	return found ? found.index + (found[1]?.length ?? 0) + 1 : 1;
}
