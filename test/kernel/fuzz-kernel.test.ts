/**
 * The differential kernel fuzzer (scripts/fuzz-kernel.mjs). Without root
 * only the generator is checked: seeded (the same seed, the same scenario)
 * and every ruleset it writes reads cleanly. As root with the kernel oracle,
 * a fixed batch of seeds is recorded on the real kernel and must agree
 * packet for packet; under CI as root a missing prerequisite fails.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import process from "node:process";
import { describe, expect, test } from "vitest";
// @ts-expect-error: the fuzzer is a plain ES module script
import { missingPrerequisite } from "../../scripts/fuzz/oracle.mjs";
// @ts-expect-error: the fuzzer is a plain ES module script
import { fuzzScenario } from "../../scripts/fuzz/scenario.mjs";
import { parseRuleset } from "../../source/engine/index.js";
import { requirePrerequisites } from "../helpers/root-tests.js";

const repo = path.resolve(import.meta.dirname, "../..");
/** The batch CI records: small, since every seed costs an oracle run. */
const ciSeeds = "3-5";

describe("fuzz scenario generator", () => {
	test("the same seed gives the same scenario", () => {
		expect(JSON.stringify(fuzzScenario(7))).toBe(
			JSON.stringify(fuzzScenario(7)),
		);
		expect(JSON.stringify(fuzzScenario(7))).not.toBe(
			JSON.stringify(fuzzScenario(8)),
		);
	});

	test.each(Array.from({ length: 40 }, (_, i) => i + 1))(
		"seed %d: iptx reads the ruleset without errors",
		(seed) => {
			const { rules_text: text } = fuzzScenario(seed) as { rules_text: string };
			const { diagnostics } = parseRuleset(text, { source: "fuzz" });
			expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
		},
	);

	test.each(Array.from({ length: 40 }, (_, i) => i + 101))(
		"wide seed %d: iptx reads the ruleset without errors",
		(seed) => {
			const { rules_text: text } = fuzzScenario(seed, "ipv4", "wide") as {
				rules_text: string;
			};
			const { diagnostics } = parseRuleset(text, { source: "fuzzw" });
			expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
		},
	);

	test("a wide seed is its base seed with more added", () => {
		type Scenario = { rules_text: string; steps: unknown[] };
		for (const seed of [1, 2, 3]) {
			const base = fuzzScenario(seed) as Scenario;
			const wide = fuzzScenario(seed, "ipv4", "wide") as Scenario;
			expect(wide.steps.slice(0, base.steps.length)).toEqual(base.steps);
			expect(wide.steps.length).toBeGreaterThan(base.steps.length);
			const wideLines = new Set(wide.rules_text.split("\n"));
			const kept = base.rules_text
				.split("\n")
				.filter((line) => !line.startsWith("-A "));
			for (const line of kept) expect(wideLines.has(line)).toBe(true);
		}
	});

	test.each(Array.from({ length: 40 }, (_, i) => i + 1))(
		"seed %d for IPv6: iptx reads the ip6tables ruleset without errors",
		(seed) => {
			const scenario = fuzzScenario(seed, "ipv6") as {
				rules6_text: string;
				topology: string;
			};
			expect(scenario.topology).toBe("docker6");
			const { ruleset, diagnostics } = parseRuleset(scenario.rules6_text, {
				source: "fuzz6",
				family: "ipv6",
			});
			expect(ruleset.family).toBe("ipv6");
			expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
		},
	);
});

const missing: string | undefined = missingPrerequisite(repo);
requirePrerequisites(
	missing === undefined,
	`kernel fuzzing skipped: ${missing ?? ""}`,
);

describe.skipIf(missing !== undefined)(
	"the kernel agrees on a fixed batch of fuzz seeds",
	() => {
		test(`seeds ${ciSeeds}`, { timeout: 900_000 }, () => {
			const out = spawnSync(
				process.execPath,
				[
					path.join(repo, "scripts/fuzz-kernel.mjs"),
					"--seeds",
					ciSeeds,
					"--out",
					path.join("/tmp", `iptx-fuzz-ci-${process.pid}`),
				],
				{ encoding: "utf8" },
			);
			expect(out.stdout, out.stderr).toMatch(
				/packets agree \(100\.0%\), 0 seeds disagree/,
			);
			expect(out.status).toBe(0);
		});
	},
);
