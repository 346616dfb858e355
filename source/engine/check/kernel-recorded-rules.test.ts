import { describe, expect, test } from "vitest";
import {
	fileVariants,
	ip6FileVariants,
} from "../../../test/corpus/kernel-verdict-file-cases.js";
import {
	ruleCases,
	ruleFile,
} from "../../../test/corpus/kernel-verdict-rule-cases.js";
import { parseRuleset } from "../parse/parse-ruleset.js";
import { checkRuleset, parseAndCheck } from "./check-ruleset.js";

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

describe("whole files at iptables-restore's reading limits", () => {
	test.each(fileVariants)("%s → loads %s", (_name, loads, text) => {
		const { report } = parseAndCheck(text, { source: "t" }, {});
		const fatal = report.diagnostics.filter((d) => d.fatal);
		expect(report.wouldLoad, fatal.map((d) => d.message).join("; ")).toBe(
			loads,
		);
	});
});

describe("iptx check -6: verdicts recorded from ip6tables-legacy-restore", () => {
	test.each(ip6FileVariants)("%s → loads %s", (_name, loads, text) => {
		const { report } = parseAndCheck(text, { source: "t", family: "ipv6" }, {});
		const fatal = report.diagnostics.filter((d) => d.fatal);
		expect(report.wouldLoad, fatal.map((d) => d.message).join("; ")).toBe(
			loads,
		);
	});
});
