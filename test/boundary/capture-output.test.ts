/**
 * `iptx capture -o` never deletes what iptx did not write, and every place
 * it cannot write is one line and a non-zero exit.
 */
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { runCapture } from "../../source/cli/capture.js";
import { readBundle } from "../../source/live/bundle.js";

const dir = mkdtempSync(path.join(tmpdir(), "iptx-capture-"));
const rulesFile = path.join(dir, "r.rules");
writeFileSync(
	rulesFile,
	"*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n",
);

async function capture(
	output: string,
): Promise<{ code: number; lines: string[] }> {
	const lines: string[] = [];
	const io = {
		out: (text: string) => lines.push(text),
		err: (text: string) => lines.push(text),
	};
	const code = await runCapture(["--rules", rulesFile, "-o", output], io);
	return { code, lines };
}

test("a folder holding a bundle.json and the user's files is left whole", async () => {
	const target = path.join(dir, "thesis");
	mkdirSync(path.join(target, "chapters"), { recursive: true });
	writeFileSync(path.join(target, "bundle.json"), "{}");
	writeFileSync(path.join(target, "thesis.tex"), "my thesis");
	writeFileSync(path.join(target, "chapters", "one.tex"), "chapter");
	const { code, lines } = await capture(target);
	expect(code).toBe(2);
	expect(lines).toEqual([
		`iptx capture: ${target} holds files iptx did not write (chapters, thesis.tex): choose an empty or new folder`,
	]);
	expect(readFileSync(path.join(target, "thesis.tex"), "utf8")).toBe(
		"my thesis",
	);
	expect(readFileSync(path.join(target, "chapters", "one.tex"), "utf8")).toBe(
		"chapter",
	);
});

test("an old bundle is replaced whole, and nothing is left beside it", async () => {
	const parent = path.join(dir, "replace");
	mkdirSync(parent);
	const target = path.join(parent, "b");
	mkdirSync(target);
	writeFileSync(path.join(target, "ipset.save"), "stale");
	writeFileSync(path.join(target, "bundle.json"), "{}");
	expect((await capture(target)).code).toBe(0);
	expect(readdirSync(target).sort()).toEqual(["bundle.json", "iptables.rules"]);
	expect(readdirSync(parent)).toEqual(["b"]);
	expect(readBundle(target).ok).toBe(true);
});

test("an empty folder or a new one is written", async () => {
	const empty = path.join(dir, "empty");
	mkdirSync(empty);
	expect((await capture(empty)).code).toBe(0);
	expect((await capture(path.join(dir, "new"))).code).toBe(0);
	expect(existsSync(path.join(dir, "new", "iptables.rules"))).toBe(true);
});

test.each([
	["an existing file", () => rulesFile, "exists and is not a folder"],
	["/dev/null", () => "/dev/null", "exists and is not a folder"],
	["a path through a file", () => path.join(rulesFile, "sub"), "not a folder"],
	["a missing parent", () => path.join(dir, "no", "such"), "does not exist"],
	["/proc/x", () => "/proc/x", "cannot write /proc/x"],
	["/sys/x", () => "/sys/x", "cannot write /sys/x"],
])("%s: one line and exit 2", async (_name, output, says) => {
	const { code, lines } = await capture(output());
	expect(code).toBe(2);
	expect(lines).toHaveLength(1);
	expect(lines[0]).toContain(says);
	expect(lines[0]).not.toMatch(/\n|Error:|at /);
	expect(readFileSync(rulesFile, "utf8")).toContain("COMMIT");
});
