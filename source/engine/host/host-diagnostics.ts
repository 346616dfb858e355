/** Diagnostics for host files (`ip addr`, `ip route`, `route -n`, `ipset save`). */
import type { Diagnostic, Severity } from "../diagnostics.js";

/** Collects diagnostics for one source text. */
export class DiagnosticSink {
	readonly source: string;
	readonly list: Diagnostic[] = [];

	constructor(source: string) {
		this.source = source;
	}

	add(
		severity: Severity,
		code: string,
		message: string,
		line: number,
		column = 1,
		length = 1,
	): void {
		this.list.push({
			severity,
			code,
			message,
			source: this.source,
			line,
			column,
			length: Math.max(1, length),
		});
	}
}

/** Words of a line with their 1-based columns. */
export function splitWords(
	text: string,
): { readonly text: string; readonly column: number }[] {
	const words: { text: string; column: number }[] = [];
	const re = /\S+/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		words.push({ text: m[0], column: m.index + 1 });
	}
	return words;
}

/** `a.b.c.d/len` (or a bare address as /32); undefined when malformed. */
export function parseCidr(
	text: string,
	parse: (t: string) => number | undefined,
): { address: number; prefixLength: number } | undefined {
	const slash = text.indexOf("/");
	const address = parse(slash === -1 ? text : text.slice(0, slash));
	if (address === undefined) return undefined;
	if (slash === -1) return { address, prefixLength: 32 };
	const len = text.slice(slash + 1);
	if (!/^\d{1,2}$/.test(len) || Number(len) > 32) return undefined;
	return { address, prefixLength: Number(len) };
}

/**
 * The array an `ip -j … show` command prints, or undefined (with a `bad-json`
 * error on line 1) when the text is not JSON or not an array; `command` names
 * the command in the message. The elements are not checked: callers read
 * every field as optional.
 */
export function parseJsonArray(
	text: string,
	sink: DiagnosticSink,
	command: string,
): readonly unknown[] | undefined {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		sink.add(
			"error",
			"bad-json",
			`not valid JSON: ${(error as Error).message}`,
			1,
		);
		return undefined;
	}
	if (!Array.isArray(data)) {
		sink.add(
			"error",
			"bad-json",
			`expected the array \`${command}\` prints`,
			1,
		);
		return undefined;
	}
	return data;
}
