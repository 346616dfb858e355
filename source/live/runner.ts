/**
 * Runs allow-listed read-only commands: no shell, absolute paths found only in
 * the system directories, a hard timeout, bounded output, and a record of
 * every command that ran so the user can see it.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import {
	isReadOnlyCommandId,
	type ReadOnlyCommandId,
	readOnlyCommands,
	systemDirectories,
} from "./commands.js";

export type CommandResult =
	| {
			readonly kind: "ran";
			readonly id: ReadOnlyCommandId;
			/** What ran, absolute path first: `/usr/sbin/ip -j addr show`. */
			readonly display: string;
			readonly exitCode: number | null;
			readonly stdout: string;
			readonly stderr: string;
			readonly timedOut: boolean;
			/** Set when the program could not be started (EACCES …) or its output was too large. */
			readonly error?: string;
	  }
	| { readonly kind: "missing"; readonly id: ReadOnlyCommandId };

export type RunnerOptions = {
	/** Directories searched, in order. @default systemDirectories */
	readonly directories?: readonly string[];
	/** Milliseconds before a command is killed. @default 10000 */
	readonly timeoutMs?: number;
	/** Bytes of stdout kept before the command counts as failed. @default 256 MiB */
	readonly maxOutputBytes?: number;
};

export type Runner = {
	readonly directories: readonly string[];
	readonly timeoutMs: number;
	/** Absolute path of the program, or undefined when it is not installed. */
	readonly locate: (id: ReadOnlyCommandId) => string | undefined;
	readonly run: (id: ReadOnlyCommandId) => Promise<CommandResult>;
	/** Every command started so far, as `CommandResult.display`, in order. */
	readonly ran: () => readonly string[];
};

function isExecutableFile(file: string): boolean {
	try {
		accessSync(file, constants.X_OK);
		return statSync(file).isFile();
	} catch {
		return false;
	}
}

/** Splits an `IPTX_SYSTEM_PATH`-style value; only absolute directories count. */
export function parseSystemPath(value: string | undefined): readonly string[] {
	if (value === undefined || value.trim() === "") {
		return systemDirectories;
	}
	return value.split(":").filter((dir) => path.isAbsolute(dir));
}

/** Creates a runner bound to the allow-list of `commands.ts`. */
export function createRunner(options: RunnerOptions = {}): Runner {
	const directories = options.directories ?? systemDirectories;
	const timeoutMs = options.timeoutMs ?? 10_000;
	const maxOutputBytes = options.maxOutputBytes ?? 256 * 1024 * 1024;
	const ran: string[] = [];

	const locate = (id: ReadOnlyCommandId): string | undefined => {
		if (!isReadOnlyCommandId(id)) {
			throw new Error(`iptx live: "${String(id)}" is not a read-only command`);
		}
		const { program } = readOnlyCommands[id];
		for (const dir of directories) {
			const candidate = path.join(dir, program);
			if (isExecutableFile(candidate)) {
				return candidate;
			}
		}
		return undefined;
	};

	const run = async (id: ReadOnlyCommandId): Promise<CommandResult> => {
		const file = locate(id);
		if (file === undefined) {
			return { kind: "missing", id };
		}
		const args = [...readOnlyCommands[id].args];
		const display = [file, ...args].join(" ");
		ran.push(display);
		return execute(id, file, args, display, {
			directories,
			timeoutMs,
			maxOutputBytes,
		});
	};

	return { directories, timeoutMs, locate, run, ran: () => [...ran] };
}

function execute(
	id: ReadOnlyCommandId,
	file: string,
	args: readonly string[],
	display: string,
	limits: {
		readonly directories: readonly string[];
		readonly timeoutMs: number;
		readonly maxOutputBytes: number;
	},
): Promise<CommandResult> {
	return new Promise((done) => {
		let settled = false;
		let timer: NodeJS.Timeout | undefined;
		const resolve = (result: CommandResult): void => {
			if (!settled) {
				settled = true;
				clearTimeout(timer);
				done(result);
			}
		};
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		let size = 0;
		let error: string | undefined;
		let timedOut = false;
		const child = spawn(file, args, {
			shell: false,
			stdio: ["ignore", "pipe", "pipe"],
			env: { LC_ALL: "C", PATH: limits.directories.join(":") },
		});
		child.stdout.on("data", (chunk: Buffer) => {
			size += chunk.length;
			if (size > limits.maxOutputBytes) {
				error = `output larger than ${limits.maxOutputBytes} bytes`;
				child.kill("SIGKILL");
				return;
			}
			out.push(chunk);
		});
		child.stderr.on("data", (chunk: Buffer) => {
			err.push(chunk);
		});
		const finish = (code: number | null): void => {
			resolve({
				kind: "ran",
				id,
				display,
				exitCode: code,
				stdout: Buffer.concat(out).toString("utf8"),
				stderr: Buffer.concat(err).toString("utf8"),
				timedOut,
				...(error === undefined ? {} : { error }),
			});
		};
		timer = setTimeout(() => {
			timedOut = true;
			child.kill("SIGKILL");
			child.stdout.destroy();
			child.stderr.destroy();
			finish(null);
		}, limits.timeoutMs);
		child.on("error", (cause: NodeJS.ErrnoException) => {
			error = cause.code ?? cause.message;
			if (child.pid === undefined) {
				finish(null);
			}
		});
		child.on("close", finish);
	});
}
