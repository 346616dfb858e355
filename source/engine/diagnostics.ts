/**
 * Diagnostics are data: the parser and the engine return them, callers render them.
 * `code` is stable and machine-readable; `message` is the English rendering.
 */
import { escapeTerminalText } from "./format/short.js";

export type Severity = "error" | "warning" | "info";

export type Diagnostic = {
	readonly severity: Severity;
	/** Stable identifier, e.g. `unknown-option`, `missing-commit`, `jump-loop`. */
	readonly code: string;
	readonly message: string;
	/** File name (or `-` for standard input) the text came from. */
	readonly source: string;
	/** 1-based line. */
	readonly line: number;
	/** 1-based column. */
	readonly column: number;
	/** Length of the offending text in characters (at least 1). */
	readonly length: number;
	/**
	 * True when a real `iptables-restore` (or the kernel behind it) would refuse
	 * the whole file because of this problem.
	 */
	readonly fatal?: boolean;
};

/**
 * `file:line:column: severity: message [code]`, the format compilers use.
 * Text quoted from the input is escaped so it cannot drive the terminal.
 */
export function formatDiagnostic(d: Diagnostic): string {
	return escapeTerminalText(
		`${d.source}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`,
	);
}
