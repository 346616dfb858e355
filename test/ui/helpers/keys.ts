/** Key presses for ink-testing-library: write, then let Ink's input loop run (one macrotask). */

export const keys = {
	enter: "\r",
	escape: "\u001B",
	tab: "\t",
	shiftTab: "\u001B[Z",
	up: "\u001B[A",
	down: "\u001B[B",
	backspace: "\u007F",
	left: "\u001B[D",
	right: "\u001B[C",
	home: "\u001B[H",
	end: "\u001B[F",
	pageDown: "\u001B[6~",
} as const;

type Writable = { write: (data: string) => void };

/** Writes each key and awaits `setImmediate` after each, so Ink has read it. */
export async function press(
	stdin: Writable,
	...sequence: readonly string[]
): Promise<void> {
	for (const key of sequence) {
		stdin.write(key);
		await new Promise((resolve) => setImmediate(resolve));
	}
}
