/** Kernel LOG lines in /var/log/messages form, newest at the bottom; long lines wrap at the pane width. */
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

/** The lines that fit in `rows` terminal rows of `width` columns, ending `scroll` lines before the newest. */
export function fitLogLines(
	lines: readonly string[],
	scroll: number,
	width: number,
	rows: number,
): readonly string[] {
	const end = Math.max(0, lines.length - scroll);
	const shown: string[] = [];
	let used = 0;
	for (let index = end - 1; index >= 0; index--) {
		const line = lines[index] ?? "";
		const height = Math.max(1, Math.ceil(line.length / Math.max(1, width)));
		if (used + height > rows && shown.length > 0) {
			break;
		}
		shown.unshift(line);
		used += height;
	}
	return shown;
}

/** Splits a line into rows of exactly `width` characters, so the row count is known before Ink lays it out. */
export function wrapRows(line: string, width: number): readonly string[] {
	const size = Math.max(1, width);
	const rows: string[] = [];
	for (let start = 0; start < line.length; start += size) {
		rows.push(line.slice(start, start + size));
	}
	return rows.length > 0 ? rows : [""];
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
	const shown = fitLogLines(lines, scroll, width, room)
		.flatMap((line) => wrapRows(line, width))
		.slice(0, room);
	const title =
		lines.length === 0 ? "Log (no LOG lines yet)" : `Log (${lines.length})`;
	return (
		<TextPane
			title={title}
			lines={shown}
			focused={focused}
			width={width}
			height={height}
			theme={theme}
		/>
	);
}
