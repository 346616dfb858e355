/**
 * The readme's key list is the keymap's own help text, so it cannot drift
 * from what the explorer does.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
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

test("the readme lists exactly the keymap's keys", () => {
	const readme = readFileSync(
		path.join(import.meta.dirname, "..", "..", "readme.md"),
		"utf8",
	);
	const block = /Keys \(generated from[^\n]*\n\n```text\n([\s\S]*?)\n```/.exec(
		readme,
	)?.[1];
	expect(block?.split("\n")).toEqual(readmeKeyLines());
});
