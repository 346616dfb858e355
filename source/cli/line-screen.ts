/**
 * The stream the explorer's Ink instance writes to: Ink (in its debug mode)
 * hands over each whole frame, and this writes only the rows that changed to
 * the real terminal. Size and resize events pass through from the terminal.
 */
import { EventEmitter } from "node:events";
import { screenUpdate } from "../ui/lib/screen-diff.js";

export type Terminal = {
	readonly columns: number;
	readonly rows: number;
	readonly write: (data: string) => boolean;
	readonly on: (event: "resize", listener: () => void) => unknown;
	readonly off: (event: "resize", listener: () => void) => unknown;
};

export class LineScreen extends EventEmitter {
	readonly isTTY = true;
	private readonly terminal: Terminal;
	private shown: readonly string[] | undefined;
	private readonly onResize = () => {
		this.shown = undefined;
		this.emit("resize");
	};

	constructor(terminal: Terminal) {
		super();
		this.terminal = terminal;
		terminal.on("resize", this.onResize);
	}

	get columns(): number {
		return this.terminal.columns;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	/** One whole frame from Ink: the changed rows go to the terminal. */
	write = (frame: string): boolean => {
		const next = frame.replace(/\n$/, "").split("\n");
		const update = screenUpdate(this.shown, next, this.terminal.rows);
		this.shown = next;
		return update === "" ? true : this.terminal.write(update);
	};

	/** Stops following the terminal's resize events. */
	dispose(): void {
		this.terminal.off("resize", this.onResize);
	}
}
