/**
 * The engine is pure TypeScript: no UI, no file system, no process, no clock
 * and no randomness of its own. Callers pass time, input and state in.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const engine = path.join(import.meta.dirname, "..", "source", "engine");
const files = readdirSync(engine, { recursive: true, encoding: "utf8" })
	.filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
	.map((file) => path.join(engine, file));

const forbidden: readonly [RegExp, string][] = [
	[/from\s+["'](ink|react)["']/, "imports the UI toolkit"],
	[/from\s+["'][^"']*\/ui\//, "imports the UI"],
	[
		/from\s+["']node:(fs|process|child_process|net|os)["']/,
		"touches the system",
	],
	[/\bDate\.now\(\)|\bnew Date\(\)/, "reads the clock"],
	[/\bMath\.random\(\)/, "draws its own random numbers"],
	[/\bprocess\./, "reads the process"],
];

test("engine files exist", () => {
	expect(files.length).toBeGreaterThan(50);
});

test.each(files.map((file) => [path.relative(engine, file), file]))(
	"%s stays pure",
	(_name, file) => {
		const text = readFileSync(file, "utf8");
		const problems = forbidden
			.filter(([pattern]) => pattern.test(text))
			.map(([, why]) => why);
		expect(problems).toEqual([]);
	},
);
