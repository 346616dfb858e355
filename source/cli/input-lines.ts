/**
 * A packet stream read line by line: a log of any length (a 1 GB
 * /var/log/messages excerpt), but no line longer than `lineByteLimit` is
 * kept, so a file without line breaks (or /dev/zero behind a bundle) cannot
 * fill memory. Only regular files and standard input are read, opened
 * through the same checks as every other input.
 */
import { closeSync, readSync } from "node:fs";
import process from "node:process";
import { openRegular } from "./input-file.js";

/** The longest packet line iptx reads; a kernel LOG line is under 1 KiB. @default 64 KiB */
export const lineByteLimit = 64 * 1024;

/** One line of the stream (1-based `n`), without its line break or a CR before it. */
export type InputLine =
	| { readonly kind: "line"; readonly n: number; readonly text: string }
	| { readonly kind: "too-long"; readonly n: number; readonly bytes: number };

export type LineSource =
	| { readonly ok: true; readonly lines: AsyncIterable<InputLine> }
	| { readonly ok: false; readonly error: string };

type Chunks = AsyncIterable<Uint8Array>;

function* fileChunks(fd: number): Generator<Uint8Array> {
	const buffer = Buffer.allocUnsafe(1024 * 1024);
	try {
		for (;;) {
			const got = readSync(fd, buffer, 0, buffer.length, null);
			if (got === 0) return;
			yield buffer.subarray(0, got);
		}
	} finally {
		closeSync(fd);
	}
}

async function* asAsync(chunks: Iterable<Uint8Array>): Chunks {
	yield* chunks;
}

/** Splits chunks into lines; a line past `limit` bytes is dropped, its length kept. */
export async function* splitLines(
	chunks: Chunks,
	limit: number = lineByteLimit,
): AsyncGenerator<InputLine> {
	let parts: Buffer[] = [];
	let held = 0;
	let n = 0;
	const finish = (): InputLine => {
		n++;
		if (held > limit) return { kind: "too-long", n, bytes: held };
		let text = Buffer.concat(parts).toString("utf8");
		if (text.endsWith("\r")) text = text.slice(0, -1);
		return { kind: "line", n, text };
	};
	for await (const chunk of chunks) {
		let from = 0;
		for (;;) {
			const end = chunk.indexOf(10, from);
			const piece = chunk.subarray(from, end === -1 ? chunk.length : end);
			held += piece.length;
			// Past the bound only the count grows: the bytes are not kept.
			if (held <= limit) parts.push(Buffer.from(piece));
			if (end === -1) break;
			yield finish();
			parts = [];
			held = 0;
			from = end + 1;
		}
	}
	if (held > 0 || parts.length > 0) yield finish();
}

/** Opens a packet stream: a regular file, or `-` for standard input. */
export function openLines(
	file: string,
	limit: number = lineByteLimit,
	stdin: Chunks = process.stdin,
): LineSource {
	if (file === "-") return { ok: true, lines: splitLines(stdin, limit) };
	const opened = openRegular(file);
	if (!opened.ok) return opened;
	return { ok: true, lines: splitLines(asAsync(fileChunks(opened.fd)), limit) };
}
