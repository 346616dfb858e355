/**
 * The shared nft recordings (../shared/scenarios/nft-*, read in place): the
 * text `nft list ruleset -a` printed reads into the model and prints back
 * byte for byte, and the JSON `nft -j list ruleset` printed for the same
 * ruleset reads into the same model. Skips visibly when absent.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { loadNftJson, loadNftText } from "../../source/engine/nft/load-nft.js";
import type { NftRuleset } from "../../source/engine/nft/model.js";
import { printNftRuleset } from "../../source/engine/nft/print-ruleset.js";

const root = resolve(
	join(import.meta.dirname, "..", "..", "..", "shared", "scenarios"),
);
const recordings = existsSync(root)
	? readdirSync(root).filter(
			(d) => d.startsWith("nft-") && existsSync(join(root, d, "kernel.json")),
		)
	: [];
if (recordings.length === 0)
	console.warn(`nft recordings absent at ${root}: round-trip tests skipped`);

type Recording = { nft_list_before: string; nft_ruleset_before: unknown };

function recording(name: string): Recording {
	return JSON.parse(
		readFileSync(join(root, name, "kernel.json"), "utf8"),
	) as Recording;
}

/** The model without where it was read and how a priority was spelled. */
function comparable(ruleset: NftRuleset): unknown {
	return JSON.parse(
		JSON.stringify(ruleset, (key, value) =>
			key === "origin" || key === "priorityText" ? undefined : value,
		),
	);
}

describe.skipIf(recordings.length === 0)("nft recordings", () => {
	test.each(recordings)("%s: text → model → text is the same text", (name) => {
		const text = recording(name).nft_list_before;
		const result = loadNftText(text, { source: name });
		expect(result.diagnostics.filter((d) => d.code === "syntax-error")).toEqual(
			[],
		);
		expect(printNftRuleset(result.ruleset, { handles: true })).toBe(text);
	});

	test.each(recordings)(
		"%s: JSON and text read into the same model",
		(name) => {
			const { nft_list_before: text, nft_ruleset_before: json } =
				recording(name);
			const fromText = loadNftText(text, { source: name }).ruleset;
			const fromJson = loadNftJson(JSON.stringify(json), {
				source: name,
			}).ruleset;
			expect(fromJson.tables.length).toBeGreaterThan(0);
			expect(comparable(fromJson)).toEqual(comparable(fromText));
		},
	);
});

test.skipIf(recordings.length > 0)(
	"nft recordings absent: ../shared/scenarios/nft-*",
	() => {},
);
