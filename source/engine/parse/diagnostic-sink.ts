/**
 * Where the parser and the checker collect diagnostics. Capped so binary
 * garbage of many megabytes yields a readable report, not a million lines.
 */
import type { Diagnostic, Severity } from "../diagnostics.js";

/** Diagnostics kept before the rest are only counted. @default 1000 */
export const diagnosticLimit = 1000;

export type DiagnosticSink = {
	readonly source: string;
	readonly list: Diagnostic[];
	omitted: number;
	omittedFatal: boolean;
};

export function createSink(source: string): DiagnosticSink {
	return { source, list: [], omitted: 0, omittedFatal: false };
}

export type Problem = {
	readonly severity: Severity;
	readonly code: string;
	readonly message: string;
	readonly line: number;
	readonly column: number;
	readonly length?: number;
	readonly fatal?: boolean;
};

function toDiagnostic(sink: DiagnosticSink, problem: Problem): Diagnostic {
	return {
		severity: problem.severity,
		code: problem.code,
		message: problem.message,
		source: sink.source,
		line: Math.max(1, problem.line),
		column: Math.max(1, problem.column),
		length: Math.max(1, problem.length ?? 1),
		...(problem.fatal === true ? { fatal: true } : {}),
	};
}

function omit(sink: DiagnosticSink, fatal: boolean | undefined): void {
	sink.omitted++;
	if (fatal === true) sink.omittedFatal = true;
}

export function report(sink: DiagnosticSink, problem: Problem): void {
	if (sink.list.length >= diagnosticLimit) omit(sink, problem.fatal);
	else sink.list.push(toDiagnostic(sink, problem));
}

/** A diagnostic made elsewhere (a body read later), kept under the same cap. */
export function reportDiagnostic(
	sink: DiagnosticSink,
	diagnostic: Diagnostic,
): void {
	if (sink.list.length >= diagnosticLimit) omit(sink, diagnostic.fatal);
	else sink.list.push(diagnostic);
}

/**
 * Puts a problem first, as if it had been reported before all others (the
 * cap then leaves out the last one kept instead).
 */
export function reportFirst(sink: DiagnosticSink, problem: Problem): void {
	if (sink.list.length >= diagnosticLimit) omit(sink, sink.list.pop()?.fatal);
	sink.list.unshift(toDiagnostic(sink, problem));
}

/** A problem iptables-restore refuses the file for. */
export function fatalProblem(
	code: string,
	message: string,
	line: number,
	column: number,
	length = 1,
): Problem {
	return {
		severity: "error",
		code,
		message,
		line,
		column,
		length,
		fatal: true,
	};
}

/** Reports a problem iptables-restore refuses the file for. */
export function fatal(
	sink: DiagnosticSink,
	code: string,
	message: string,
	line: number,
	column: number,
	length = 1,
): void {
	report(sink, fatalProblem(code, message, line, column, length));
}

/** Appends the "N more diagnostics" note when the cap was hit. */
export function closeSink(sink: DiagnosticSink, lastLine: number): void {
	if (sink.omitted === 0) return;
	sink.list.push({
		severity: sink.omittedFatal ? "error" : "info",
		code: "too-many-diagnostics",
		message: `${sink.omitted} more diagnostics not shown`,
		source: sink.source,
		line: Math.max(1, lastLine),
		column: 1,
		length: 1,
		...(sink.omittedFatal ? { fatal: true } : {}),
	});
}
