/**
 * One rule for every test that needs root or a real tool (the kernel, ip
 * netns, iptables-legacy-restore, the oracle): without them it skips
 * visibly, but when `CI` is set and we are root, a missing prerequisite is
 * a failure, so CI can never pass by skipping the kernel.
 */
import { spawnSync } from "node:child_process";
import process from "node:process";
import { expect, test } from "vitest";

/** Whether a command is on PATH. */
export function hasCommand(command: string): boolean {
	return spawnSync("sh", ["-c", `command -v '${command}'`]).status === 0;
}

/** Whether this process runs as root (always false off POSIX). */
export function isRoot(): boolean {
	return process.getuid?.() === 0;
}

/** Whether a skip must fail instead: CI is set and we are root. */
export function mustNotSkip(): boolean {
	return Boolean(process.env["CI"]) && isRoot();
}

/**
 * Call at module level with whether the suite's prerequisites hold. When
 * they don't, registers one visible skipped test named by `reason`, or,
 * under CI as root, one failing test.
 */
export function requirePrerequisites(available: boolean, reason: string): void {
	if (available) return;
	if (mustNotSkip()) {
		test(`must run in CI as root: ${reason}`, () => {
			expect.fail(reason);
		});
		return;
	}
	test.skip(reason, () => {});
}
