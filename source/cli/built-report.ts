/**
 * What a simulating command says before any packet runs: the errors met
 * reading the ruleset and host files, and the kernel's refusal of a ruleset
 * it would not load (then no packet runs: exit 2).
 */
import { formatDiagnostic } from "../engine/index.js";
import type { BuiltContext } from "./simulation-context.js";
import { writeErr } from "./terminal-out.js";

/** Writes the errors; returns the exit status when the ruleset is refused. */
export function reportBuilt(
	built: BuiltContext,
	command: string,
): number | undefined {
	for (const diagnostic of built.diagnostics)
		if (diagnostic.severity === "error")
			writeErr(`${formatDiagnostic(diagnostic)}\n`);
	if (built.refusal === undefined) return undefined;
	writeErr(`${command}: ${built.refusal}\n`);
	return 2;
}
