/**
 * `iptx check` on the shared nft corpus (../shared/rulesets/nft, read in
 * place) agrees with the real nft's load verdicts recorded there (`nft -f`;
 * `nft -c -f` gave the same exit status for every file):
 * verdicts.tsv (nft 1.0.6) and verdicts-newer-nft.tsv (nft 1.1.3, 1.1.7), in
 * a fresh namespace (only `lo`) on a kernel without flowtables, bridge
 * reject, bridge conntrack and queue. The first error's line (and column,
 * where nft gives one) must match too. Skips visibly when absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import { loadNft } from "../../source/engine/nft/load-nft.js";
import type { NftRelease } from "../../source/engine/nft/load-options.js";

const root = resolve(
	process.env["IPTX_RULESETS"] ??
		join(import.meta.dirname, "..", "..", "..", "shared", "rulesets"),
	"nft",
);
const present = existsSync(join(root, "verdicts.tsv"));
if (!present)
	console.warn(`nft corpus absent at ${root}: nft corpus tests skipped`);

type Verdict = {
	file: string;
	release: NftRelease;
	loads: boolean;
	message: string;
};

function rows(name: string): string[][] {
	return readFileSync(join(root, name), "utf8")
		.trim()
		.split("\n")
		.slice(1)
		.map((line) => line.split("\t"));
}

function verdicts(): Verdict[] {
	if (!present) return [];
	const old = rows("verdicts.tsv").map(([file, , load, message]) => ({
		file: file ?? "",
		release: "1.0.6" as const,
		loads: load === "0",
		message: message ?? "",
	}));
	const newer = rows("verdicts-newer-nft.tsv").flatMap(
		([file, , load113, , load117, message]) => [
			{
				file: file ?? "",
				release: "1.1.3" as const,
				loads: load113 === "0",
				message: "",
			},
			{
				file: file ?? "",
				release: "1.1.7" as const,
				loads: load117 === "0",
				message: message ?? "",
			},
		],
	);
	return [...old, ...newer];
}

/** The test machine: a fresh namespace on a kernel without these options. */
const machine = {
	interfaces: ["lo"],
	kernelLacks: [
		"flowtable",
		"bridge-reject",
		"bridge-conntrack",
		"queue",
	] as const,
};

describe.skipIf(!present)(
	"iptx check agrees with nft -c -f on the shared corpus",
	() => {
		test.each(
			verdicts().map((v) => [`${v.file} (nft ${v.release})`, v] as const),
		)("%s", (_name, v) => {
			const result = loadNft(readFileSync(join(root, v.file), "utf8"), {
				source: v.file,
				release: v.release,
				...machine,
			});
			const fatal = result.diagnostics.filter((d) => d.fatal === true);
			expect(
				result.wouldLoad,
				fatal.slice(0, 3).map(formatDiagnostic).join("\n"),
			).toBe(v.loads);
			const where = /:(\d+):(\d+)-\d+: Error/.exec(v.message);
			if (!v.loads && where && where[1] !== "0") {
				expect(fatal[0]?.line).toBe(Number(where[1]));
				expect(fatal[0]?.column).toBe(Number(where[2]));
			}
		});

		test("every file reads without a crash and without syntax errors", () => {
			for (const v of verdicts().filter((x) => x.release === "1.1.7")) {
				const result = loadNft(readFileSync(join(root, v.file), "utf8"), {
					source: v.file,
				});
				expect(
					result.diagnostics
						.filter((d) => d.code === "syntax-error")
						.map(formatDiagnostic),
				).toEqual([]);
			}
		});
	},
);

test.skipIf(present)("nft corpus absent: set IPTX_RULESETS", () => {});
