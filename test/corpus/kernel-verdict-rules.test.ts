/**
 * iptx check's verdict on single rules against a real iptables-legacy-restore
 * (iptables 1.8.9): boundary numbers, missing and conflicting options, wrong
 * hooks and tables, per module and target. Each case is loaded into a fresh
 * network namespace; the last column is the verdict recorded on Linux 6.18
 * (the same table drives the root-free unit tests in source/engine). Runs
 * only as root with `ip` and iptables-legacy-restore; skips visibly otherwise.
 */
import { spawnSync } from "node:child_process";
import process from "node:process";
import { afterAll, describe, expect, test } from "vitest";
import { checkRuleset } from "../../source/engine/check/check-ruleset.js";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import { parseRuleset } from "../../source/engine/parse/parse-ruleset.js";
import {
	hasCommand,
	isRoot,
	requirePrerequisites,
} from "../helpers/root-tests.js";
import { ruleCases, ruleFile } from "./kernel-verdict-rule-cases.js";

const available =
	isRoot() && hasCommand("ip") && hasCommand("iptables-legacy-restore");

const namespaces = new Set<string>();
let counter = 0;

function kernelLoads(text: string): { ok: boolean; stderr: string } {
	const ns = `iptx-kr-${process.pid}-${counter++}`;
	spawnSync("ip", ["netns", "add", ns]);
	namespaces.add(ns);
	try {
		const out = spawnSync(
			"ip",
			["netns", "exec", ns, "iptables-legacy-restore"],
			{ input: text, encoding: "utf8" },
		);
		return { ok: out.status === 0, stderr: out.stderr };
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
		namespaces.delete(ns);
	}
}

afterAll(() => {
	for (const ns of namespaces) spawnSync("ip", ["netns", "del", ns]);
});

describe.skipIf(!available)(
	"iptx check agrees with iptables-legacy-restore rule by rule",
	() => {
		test.each(ruleCases)("%s %s %s", (table, chain, rule, recorded) => {
			const text = ruleFile(table, chain, rule);
			const report = checkRuleset(
				parseRuleset(text, { source: "t", family: "ipv4" }),
			);
			const real = kernelLoads(text);
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

requirePrerequisites(
	available,
	"kernel rule verdict tests skipped: need root, ip netns and iptables-legacy-restore",
);
