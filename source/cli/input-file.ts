/**
 * The one way iptx opens a file it reads: rules, host files, ipsets,
 * bundle files, packet logs. Only regular files are read (a FIFO would
 * block, /dev/zero never ends), checked before the open and again on the
 * open descriptor, which is opened non-blocking so even a file swapped for
 * a FIFO in between cannot hang. What is read is bounded: the largest real
 * ruleset is tens of MB, so past `inputByteLimit` iptx says so instead of
 * reading on. Messages name the file as given: the command's output
 * (terminal-out.ts) escapes them.
 */
import {
	closeSync,
	constants,
	fstatSync,
	lstatSync,
	openSync,
	readSync,
	type Stats,
	statSync,
} from "node:fs";
import process from "node:process";

/** The most bytes iptx reads from one ruleset or host file. @default 256 MiB */
export const inputByteLimit = 256 * 1024 * 1024;

export type InputRead =
	| { readonly ok: true; readonly bytes: Buffer }
	| { readonly ok: false; readonly error: string };

export type InputReadOptions = {
	/** Most bytes to read. @default inputByteLimit */
	readonly limit?: number;
	/** Refuse a symbolic link instead of following it (bundle files). @default false */
	readonly noFollow?: boolean;
};

function sizeText(bytes: number): string {
	return bytes % (1024 * 1024) === 0
		? `${bytes / (1024 * 1024)} MiB`
		: `${bytes} bytes`;
}

/** Why a file that exists is not one iptx reads, or undefined when it is a regular file. */
export function notRegular(stats: Stats): string | undefined {
	if (stats.isFile()) return undefined;
	if (stats.isDirectory()) return "is a folder, not a file";
	if (stats.isSymbolicLink())
		return "is a symbolic link (a bundle holds regular files only)";
	if (stats.isFIFO()) return "is a FIFO, not a regular file";
	if (stats.isSocket()) return "is a socket, not a regular file";
	return "is a device, not a regular file";
}

/** The error text of a failed system call on `file`, as one line. */
export function ioError(file: string, cause: unknown): string {
	const code = (cause as NodeJS.ErrnoException).code;
	const why =
		code === "ENOENT"
			? "no such file"
			: code === "EACCES" || code === "EPERM"
				? "permission denied"
				: code === "ELOOP"
					? "is a symbolic link (a bundle holds regular files only)"
					: code === "ENOTDIR"
						? "a part of the path is not a folder"
						: `cannot read (${code ?? String(cause)})`;
	return `${file}: ${why}`;
}

function statOf(file: string, noFollow: boolean): Stats | string {
	try {
		return noFollow ? lstatSync(file) : statSync(file);
	} catch (cause) {
		return ioError(file, cause);
	}
}

function readBounded(fd: number, file: string, limit: number): InputRead {
	const stats = fstatSync(fd);
	const tooBig = {
		ok: false,
		error: `${file}: larger than ${sizeText(limit)}, the most iptx reads from one file`,
	} as const;
	if (stats.size > limit) return tooBig;
	// Size is a hint (a /proc file says 0): read until end, at most limit + 1.
	let buffer = Buffer.allocUnsafe(Math.min(limit + 1, stats.size + 1 || 65536));
	let length = 0;
	for (;;) {
		if (length === buffer.length) {
			if (length > limit) return tooBig;
			const grown = Buffer.allocUnsafe(Math.min(limit + 1, length * 2));
			buffer.copy(grown, 0, 0, length);
			buffer = grown;
		}
		const got = readSync(fd, buffer, length, buffer.length - length, null);
		if (got === 0) break;
		length += got;
	}
	return length > limit
		? tooBig
		: { ok: true, bytes: buffer.subarray(0, length) };
}

/**
 * Opens a regular file for reading: stat before the open (a device is never
 * opened), non-blocking open, and the descriptor's own type checked again.
 */
export function openRegular(
	file: string,
	noFollow = false,
):
	| { readonly ok: true; readonly fd: number }
	| { readonly ok: false; readonly error: string } {
	const stats = statOf(file, noFollow);
	if (typeof stats === "string") return { ok: false, error: stats };
	const wrong = notRegular(stats);
	if (wrong) return { ok: false, error: `${file}: ${wrong}` };
	let fd: number;
	try {
		fd = openSync(
			file,
			constants.O_RDONLY |
				constants.O_NONBLOCK |
				(noFollow ? constants.O_NOFOLLOW : 0),
		);
	} catch (cause) {
		return { ok: false, error: ioError(file, cause) };
	}
	const again = notRegular(fstatSync(fd));
	if (again === undefined) return { ok: true, fd };
	closeSync(fd);
	return { ok: false, error: `${file}: ${again}` };
}

/**
 * Reads a regular file whole, at most `limit` bytes. Never blocks on a FIFO
 * or device and never throws: every failure is one line naming the file.
 */
export function readInputFile(
	file: string,
	options: InputReadOptions = {},
): InputRead {
	const opened = openRegular(file, options.noFollow ?? false);
	if (!opened.ok) return opened;
	try {
		return readBounded(opened.fd, file, options.limit ?? inputByteLimit);
	} catch (cause) {
		return { ok: false, error: ioError(file, cause) };
	} finally {
		closeSync(opened.fd);
	}
}

/** Reads standard input whole, at most `limit` bytes. */
export async function readInputStdin(
	limit: number = inputByteLimit,
	stream: AsyncIterable<unknown> = process.stdin,
): Promise<InputRead> {
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of stream) {
		const bytes = chunk as Buffer;
		length += bytes.length;
		if (length > limit)
			return {
				ok: false,
				error: `standard input: larger than ${sizeText(limit)}, the most iptx reads`,
			};
		chunks.push(bytes);
	}
	return { ok: true, bytes: Buffer.concat(chunks, length) };
}

/** Reads a file, or standard input for `-`. */
export async function readInput(
	file: string,
	options: InputReadOptions = {},
): Promise<InputRead> {
	return file === "-"
		? readInputStdin(options.limit)
		: readInputFile(file, options);
}
