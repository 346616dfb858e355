/**
 * Renders the explorer into a terminal of a given size, as the CLI does
 * (whole frames through a LineScreen), and records every byte written: frame
 * assertions at 60×15 or 160×50, and bytes written per key.
 */
import { EventEmitter } from "node:events";
import { type Instance, render } from "ink";
import type { ReactElement } from "react";
import { LineScreen } from "../../../source/cli/line-screen.js";
import { explorerRenderOptions } from "../../../source/ui/render-options.js";

class Terminal extends EventEmitter {
	readonly isTTY = true;
	readonly writes: string[] = [];
	readonly columns: number;
	readonly rows: number;
	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}
	write = (data: string) => {
		this.writes.push(data);
		return true;
	};
}

class Keyboard extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit("readable");
		this.emit("data", data);
	};
	read = () => {
		const { data } = this;
		this.data = null;
		return data;
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

const mounted: Instance[] = [];

export type Rendered = {
	readonly stdin: Keyboard;
	readonly stdout: Terminal;
	/** The screen as the terminal shows it now (replays the writes into a grid). */
	readonly screen: () => string;
	/** Bytes written since the call before. */
	readonly takeBytes: () => number;
};

export function renderAt(
	tree: ReactElement,
	columns: number,
	rows: number,
): Rendered {
	const stdout = new Terminal(columns, rows);
	const stdin = new Keyboard();
	const screen = new LineScreen(stdout);
	const instance = render(tree, {
		...explorerRenderOptions,
		stdout: screen as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		patchConsole: false,
	});
	mounted.push(instance);
	let taken = 0;
	return {
		stdin,
		stdout,
		screen: () => replay(stdout.writes.join(""), columns, rows),
		takeBytes: () => {
			const all = stdout.writes.join("").length;
			const bytes = all - taken;
			taken = all;
			return bytes;
		},
	};
}

export function unmountAll(): void {
	for (const instance of mounted.splice(0)) {
		instance.unmount();
		instance.cleanup();
	}
}

/** A tiny terminal: enough of VT100 (cursor moves, erase line/screen) to replay Ink's output. */
function replay(data: string, columns: number, rows: number): string {
	const grid = Array.from({ length: rows }, () => Array(columns).fill(" "));
	let row = 0;
	let col = 0;
	const esc = "\u001B";
	const re = new RegExp(
		`${esc}\\[([0-9;?]*)([A-Za-z])|${esc}[78]|\\r|\\n|[^${esc}\\r\\n]`,
		"gu",
	);
	for (const m of data.matchAll(re)) {
		const [token, params = "", command] = m;
		const n = Number.parseInt(params || "1", 10) || 1;
		if (token === "\r") col = 0;
		else if (token === "\n") {
			// A TTY's output processing (ONLCR) turns LF into CR LF.
			col = 0;
			row++;
			if (row >= rows) {
				grid.shift();
				grid.push(Array(columns).fill(" "));
				row = rows - 1;
			}
		} else if (command === "A") row = Math.max(0, row - n);
		else if (command === "B") row = Math.min(rows - 1, row + n);
		else if (command === "C") col = Math.min(columns - 1, col + n);
		else if (command === "D") col = Math.max(0, col - n);
		else if (command === "G") col = n - 1;
		else if (command === "E") {
			row = Math.min(rows - 1, row + n);
			col = 0;
		} else if (command === "F") {
			row = Math.max(0, row - n);
			col = 0;
		} else if (command === "H") {
			const [r = "1", c = "1"] = params.split(";");
			row = Number(r) - 1;
			col = Number(c) - 1;
		} else if (command === "K") grid[row]?.fill(" ", col);
		else if (command === "J") {
			for (const line of grid) line.fill(" ");
		} else if (command === undefined && !token.startsWith("\u001B")) {
			if (col < columns && grid[row]) (grid[row] as string[])[col] = token;
			col++;
		}
	}
	return grid.map((line) => line.join("").trimEnd()).join("\n");
}
