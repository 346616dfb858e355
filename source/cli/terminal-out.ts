/**
 * The command line's one way out to the terminal. Everything a command
 * prints goes through here, so text from a ruleset, host file, bundle, log
 * line or file name can never drive the terminal: every line is passed
 * through the engine's `escapeTerminalText` (idempotent, so text a formatter
 * already escaped comes out unchanged). JSON goes out as JSON whose strings
 * carry no raw control or bidi character either.
 */
import process from "node:process";
import { escapeTerminalText } from "../engine/index.js";

/** Text with every line escaped; line breaks and tabs are layout and kept. */
export function terminalText(text: string): string {
	return text
		.split("\n")
		.map((line) => line.split("\t").map(escapeTerminalText).join("\t"))
		.join("\n");
}

/**
 * A reader that went away (`iptx trace ... | head`) ends the command quietly,
 * as a tool killed by SIGPIPE would, instead of an unhandled EPIPE.
 */
let pipeWatched = false;
function watchClosedPipe(): void {
	if (pipeWatched) return;
	pipeWatched = true;
	process.stdout.on("error", (error: NodeJS.ErrnoException) => {
		if (error.code === "EPIPE") process.exit(0);
		throw error;
	});
}

/** Writes to standard output, escaped. */
export function writeOut(text: string): void {
	watchClosedPipe();
	process.stdout.write(terminalText(text));
}

/** Writes to standard error, escaped. */
export function writeErr(text: string): void {
	process.stderr.write(terminalText(text));
}

/** The explorer's own screen: the alternate screen, cursor home (the only sequences iptx sends raw). */
export function enterAlternateScreen(): void {
	process.stdout.write("\u001B[?1049h\u001B[H");
}

/** Back to the normal screen, as the terminal was. */
export function leaveAlternateScreen(): void {
	process.stdout.write("\u001B[?1049l");
}

/** Characters JSON.stringify leaves raw that a terminal acts on (DEL, C1, bidi, line separators). */
const rawInJson =
	/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One JSON text, with the characters a terminal would act on as `\uXXXX`: still the same JSON value. */
export function jsonText(value: unknown): string {
	return JSON.stringify(value).replace(
		rawInJson,
		(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
	);
}
