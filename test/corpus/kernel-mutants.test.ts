/**
 * The mutation differential, a fixed-seed batch: real rulesets from the
 * shared corpus with one edit each (mutate-ruleset.ts), loaded with the
 * legacy restore into a fresh namespace and compared with `iptx check`.
 * Runs only as root with the tools and the corpus; skips visibly otherwise
 * (and fails in CI as root when the tools are missing).
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { describe, expect, test } from "vitest";
import { parseAndCheck } from "../../source/engine/check/check-ruleset.js";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import {
	kernelLoads,
	restoreAvailable,
	skippedUnless,
} from "../helpers/restore-netns.js";
import { corpusFiles, corpusRoot, refusedByIptables } from "./corpus-files.js";
import { mutants } from "./mutate-ruleset.js";

const available = restoreAvailable(["ipv4", "ipv6"]);

/** Files that load as they are, small enough to load often. */
const files = corpusFiles.filter(
	(file) =>
		!refusedByIptables.has(file) &&
		statSync(join(corpusRoot, file)).size < 60_000,
);

/**
 * Two mutants per file in `npm test`; a larger run, as for the counts in
 * issue #15: `IPTX_MUTANTS_PER_FILE=60 IPTX_MUTANTS_SEED=7 npx vitest run
 * test/corpus/kernel-mutants.test.ts`.
 */
const perFile = Number(process.env["IPTX_MUTANTS_PER_FILE"] ?? 2);
const seed = Number(process.env["IPTX_MUTANTS_SEED"] ?? 20_261_202);

const cases = files.flatMap((file, index) =>
	mutants(
		readFileSync(join(corpusRoot, file), "utf8"),
		seed + index,
		perFile,
	).map((mutant) => [file, mutant.edit, mutant.text] as const),
);

describe.skipIf(!available || cases.length === 0)(
	"iptx check agrees with the kernel on mutated real rulesets",
	() => {
		test.each(cases)("%s: %s", (_file, _edit, text) => {
			const { result, report } = parseAndCheck(text, { source: "t" }, {});
			const real = kernelLoads(text, result.ruleset.family);
			const fatal = report.diagnostics
				.filter((d) => d.fatal)
				.map(formatDiagnostic)
				.slice(0, 3)
				.join("\n");
			expect(report.wouldLoad, `kernel: ${real.stderr}\niptx:\n${fatal}`).toBe(
				real.ok,
			);
		});
	},
);

skippedUnless(available, "kernel mutation differential");
if (available && cases.length === 0)
	test.skip("kernel mutation differential skipped: corpus absent (set IPTX_RULESETS)", () => {});
