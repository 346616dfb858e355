/**
 * Kernel LOG lines in /var/log/messages form, newest at the bottom. Long
 * lines wrap between fields, never inside one (a MAC address or `SRC=` stays
 * whole for copy and paste); continuation rows are indented.
 */
import { TextPane } from "../components/text-pane.js";
import type { Theme } from "../lib/glyphs.js";

export type LogPaneProps = {
	readonly lines: readonly string[];
	/** Lines scrolled back from the newest. */
	readonly scroll: number;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

const indent = "  ";

/**
 * Rows of at most `width` columns, broken at spaces. A field longer than a
 * whole row (rare: only at very small widths) is the one thing split.
 */
export function wrapRows(line: string, width: number): readonly string[] {
	const size = Math.max(indent.length + 1, width);
	const rows: string[] = [];
	let row = "";
	for (const word of line.split(" ")) {
		const candidate = row === "" ? word : `${row} ${word}`;
		const prefix = rows.length > 0 ? indent : "";
		if ((prefix + candidate).length <= size || row === "") {
			row = candidate;
		} else {
			rows.push(prefix + row);
			row = word;
		}
		while ((rows.length > 0 ? indent : "").length + row.length > size) {
			const room = size - (rows.length > 0 ? indent.length : 0);
			rows.push((rows.length > 0 ? indent : "") + row.slice(0, room));
			row = row.slice(room);
		}
	}
	rows.push((rows.length > 0 ? indent : "") + row);
	return rows;
}

/**
 * The rows that fit in `rows` terminal rows, ending `scroll` lines before the
 * newest. A bottom line taller than the pane shows its first rows; the top
 * line may show only its last rows.
 */
export function fitLogLines(
	lines: readonly string[],
	scroll: number,
	width: number,
	rows: number,
): {
	readonly rows: readonly string[];
	readonly first: number;
	readonly last: number;
} {
	const end = Math.max(0, lines.length - Math.max(0, scroll));
	const shown: string[] = [];
	let first = end;
	for (let index = end - 1; index >= 0 && shown.length < rows; index--) {
		const wrapped = wrapRows(lines[index] ?? "", width);
		shown.unshift(
			...wrapped.slice(Math.max(0, wrapped.length - (rows - shown.length))),
		);
		first = index;
	}
	return { rows: shown, first, last: end };
}

export function LogPane({
	lines,
	scroll,
	focused,
	width,
	height,
	theme,
}: LogPaneProps) {
	const room = Math.max(1, height - 1);
	const fitted = fitLogLines(lines, scroll, width, room);
	const title =
		lines.length === 0
			? "Log (no LOG lines yet)"
			: `Log: lines ${fitted.first + 1}-${fitted.last} of ${lines.length} (w saves)`;
	return (
		<TextPane
			title={title}
			lines={fitted.rows}
			focused={focused}
			width={width}
			height={height}
			theme={theme}
		/>
	);
}
