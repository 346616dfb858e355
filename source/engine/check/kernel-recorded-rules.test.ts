import { describe, expect, test } from "vitest";
import {
	ruleCases,
	ruleFile,
} from "../../../test/corpus/kernel-verdict-rule-cases.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { checkRuleset } from "./check-ruleset.js";

describe("load verdicts recorded from iptables-legacy-restore 1.8.9", () => {
	test.each(ruleCases)("%s %s %s → loads %s", (table, chain, rule, loads) => {
		const report = checkRuleset(
			parseRuleset(ruleFile(table, chain, rule), {
				source: "t",
				family: "ipv4",
			}),
		);
		const fatal = report.diagnostics.filter((d) => d.fatal);
		expect(report.wouldLoad, fatal.map((d) => d.message).join("; ")).toBe(
			loads,
		);
		if (!loads) expect(fatal.every((d) => d.message.length > 10)).toBe(true);
	});
});
