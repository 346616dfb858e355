/**
 * The readme's key list is the keymap's own help text, so it cannot drift
 * from what the explorer does.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { expect, test } from "vitest";
import { keymap } from "../../source/ui/keymap/keymap.js";
import { helpLines } from "../../source/ui/panes/help-overlay.js";

/** The lines the readme shows: the rules pane with global keys, then the Path pane's and the builder's own. */
function readmeKeyLines(): readonly string[] {
	return [
		...helpLines(keymap, "rules"),
		...helpLines(keymap, "path").filter(
			(line) =>
				line.endsWith("(path)") &&
				!/(previous|next|first|last) row|page/.test(line),
		),
		...helpLines(keymap, "builder").filter((line) =>
			line.endsWith("(builder)"),
		),
	];
}

const readmePath = path.join(import.meta.dirname, "..", "..", "readme.md");

test("the readme lists exactly the keymap's keys", () => {
	const readme = readFileSync(readmePath, "utf8");
	const pattern =
		/(Keys \(generated from[\s\S]*?\n\n```text\n)([\s\S]*?)(\n```)/;
	// UPDATE_README=1 makes this the generator: the list is rewritten from the keymap.
	if (process.env["UPDATE_README"]) {
		writeFileSync(
			readmePath,
			readme.replace(
				pattern,
				(_all, head: string, _old: string, tail: string) =>
					`${head}${readmeKeyLines().join("\n")}${tail}`,
			),
		);
		return;
	}
	const block = pattern.exec(readme)?.[2];
	expect(block?.split("\n")).toEqual(readmeKeyLines());
});
