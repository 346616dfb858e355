/**
 * Runs the built CLI as a user would, bounded in time: a hang is a test
 * failure (status null, `timedOut`), never a stuck suite. `IPTX_TEST_CLI`
 * points the tests at another build (to show they fail on an older one).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

export const cliPath =
	process.env["IPTX_TEST_CLI"] ??
	path.join(import.meta.dirname, "..", "..", "dist", "cli.js");

export type CliRun = {
	readonly status: number | null;
	readonly stdout: string;
	readonly stderr: string;
	readonly timedOut: boolean;
};

export function runCli(
	args: readonly string[],
	options: {
		readonly input?: string;
		readonly cwd?: string;
		readonly timeout?: number;
	} = {},
): CliRun {
	const run = spawnSync(process.execPath, [cliPath, ...args], {
		input: options.input ?? "",
		encoding: "utf8",
		timeout: options.timeout ?? 20_000,
		killSignal: "SIGKILL",
		maxBuffer: 64 * 1024 * 1024,
		...(options.cwd === undefined ? {} : { cwd: options.cwd }),
		env: { ...process.env, FORCE_COLOR: "0", NODE_OPTIONS: "" },
	});
	return {
		status: run.status,
		stdout: run.stdout ?? "",
		stderr: run.stderr ?? "",
		timedOut: run.error !== undefined || run.signal !== null,
	};
}

/** The first raw terminal control in `text` (C0 but line feed and tab, DEL, C1, bidi controls), if any. */
export function rawControl(text: string): string | undefined {
	for (const char of text) {
		const code = char.charCodeAt(0);
		if (
			(code < 0x20 && code !== 10 && code !== 9) ||
			(code >= 0x7f && code <= 0x9f) ||
			code === 0x61c ||
			code === 0x200e ||
			code === 0x200f ||
			(code >= 0x202a && code <= 0x202e) ||
			(code >= 0x2066 && code <= 0x2069)
		)
			return `U+${code.toString(16).padStart(4, "0")}`;
	}
	return undefined;
}

/** A stack trace from Node: a thrown error reached the user. */
export const stackTrace =
	/^\s+at .+\(?.*:\d+:\d+\)?$|node:internal|TypeError|RangeError|ReferenceError/m;
