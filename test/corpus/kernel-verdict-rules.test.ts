/**
 * iptx check's verdict on single rules against a real iptables-legacy-restore
 * (iptables 1.8.9): boundary numbers, missing and conflicting options, wrong
 * hooks and tables, per module and target. Each case is loaded into a fresh
 * network namespace; the last column is the verdict recorded on Linux 6.18
 * (the same table drives the root-free unit tests in source/engine). Runs
 * only as root with `ip` and iptables-legacy-restore; skips visibly otherwise.
 */
import { describe, expect, test } from "vitest";
import { checkRuleset } from "../../source/engine/check/check-ruleset.js";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import { parseRuleset } from "../../source/engine/parse/parse-ruleset.js";
import {
	kernelLoads,
	restoreAvailable,
	skippedUnless,
} from "../helpers/restore-netns.js";
import { ruleCases, ruleFile } from "./kernel-verdict-rule-cases.js";

const available = restoreAvailable(["ipv4"]);

describe.skipIf(!available)(
	"iptx check agrees with iptables-legacy-restore rule by rule",
	() => {
		test.each(ruleCases)("%s %s %s", (table, chain, rule, recorded) => {
			const text = ruleFile(table, chain, rule);
			const report = checkRuleset(
				parseRuleset(text, { source: "t", family: "ipv4" }),
			);
			const real = kernelLoads(text, "ipv4");
			const fatal = report.diagnostics
				.filter((d) => d.fatal)
				.map(formatDiagnostic)
				.join("\n");
			expect(report.wouldLoad, `kernel: ${real.stderr}\niptx:\n${fatal}`).toBe(
				real.ok,
			);
			expect(real.ok, "recorded verdict").toBe(recorded);
		});
	},
);

skippedUnless(available, "kernel rule verdict tests");
