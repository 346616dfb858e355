/**
 * Turns a failed read into a message that says what failed and, when the
 * cause is missing privileges, which command needs root and how to run it.
 */
import type { CommandResult } from "./runner.js";

export type LiveFailure = {
	readonly ok: false;
	readonly error: string;
	/** True when running as root would fix it. */
	readonly needsRoot: boolean;
};

const permissionPattern =
	/permission denied|must be root|operation not permitted|CAP_NET_ADMIN|can't initialize iptables table/i;

/** True when the command ran but failed (non-zero exit, signal, timeout, start error). */
export function failed(
	result: CommandResult & { readonly kind: "ran" },
): boolean {
	return result.exitCode !== 0 || result.timedOut || result.error !== undefined;
}

/** True when the failure is the kernel refusing an unprivileged reader. */
export function isPermissionFailure(
	result: CommandResult & { readonly kind: "ran" },
): boolean {
	return (
		result.error === "EACCES" ||
		result.error === "EPERM" ||
		permissionPattern.test(result.stderr) ||
		permissionPattern.test(result.stdout)
	);
}

function firstLines(text: string): string {
	return text.trim().split("\n").slice(0, 3).join(" / ");
}

/** Why a command failed, in one line: its own error text when it gave one. */
export function describeFailure(
	result: CommandResult & { readonly kind: "ran" },
	timeoutMs: number,
): string {
	if (result.timedOut) {
		return `\`${result.display}\` did not finish within ${timeoutMs / 1000} s and was stopped`;
	}
	if (result.error !== undefined) {
		return `\`${result.display}\` could not run: ${result.error}`;
	}
	const said = firstLines(result.stderr) || firstLines(result.stdout);
	const status =
		result.exitCode === null ? "was killed" : `exited with ${result.exitCode}`;
	return `\`${result.display}\` ${status}${said === "" ? "" : `: ${said}`}`;
}

/**
 * The failure for a required read. `rerun` is the iptx command line to
 * suggest under sudo (`iptx --live`, `iptx capture --live -o DIR`).
 */
export function readFailure(
	result: CommandResult & { readonly kind: "ran" },
	rerun: string,
	timeoutMs: number,
): LiveFailure {
	const why = describeFailure(result, timeoutMs);
	if (!isPermissionFailure(result)) {
		return {
			ok: false,
			needsRoot: false,
			error: `Could not read the host's state, so nothing was loaded.\n${why}`,
		};
	}
	return {
		ok: false,
		needsRoot: true,
		error: [
			`Reading the firewall needs root: \`${result.display}\` was refused.`,
			why,
			`Run it as root:  sudo ${rerun}`,
			"Or capture as root on that host and open the bundle anywhere:",
			"  sudo iptx capture --live -o DIR   then   iptx DIR",
			"iptx only reads: the commands it runs are listed, and none of them changes anything.",
		].join("\n"),
	};
}

/** A required program that is not installed in the searched directories. */
export function missingFailure(
	program: string,
	directories: readonly string[],
	packageName: string,
): LiveFailure {
	return {
		ok: false,
		needsRoot: false,
		error: `\`${program}\` was not found in ${directories.join(", ")}: install the ${packageName} package.`,
	};
}
