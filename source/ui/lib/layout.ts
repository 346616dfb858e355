/**
 * Pane sizes for a terminal: the path and the rules side by side on top, the
 * packet below, the log at the bottom, one header and one footer line. The
 * frame is exactly the terminal's size: never taller, so nothing scrolls.
 */

/** Below this the panes cannot show a rule and the packet: the app says so instead. */
export const minimumSize = { columns: 50, rows: 12 } as const;

export type Layout = {
	readonly tooSmall: boolean;
	readonly columns: number;
	/** Rows of the frame (the terminal's). */
	readonly rows: number;
	readonly pathWidth: number;
	readonly rulesWidth: number;
	/** Height of the path/rules row, title line included. */
	readonly topHeight: number;
	readonly packetHeight: number;
	readonly logHeight: number;
	/** Rows the overlays (help, builder, conntrack) may use. */
	readonly overlayHeight: number;
};

/**
 * The layout with the Path pane as wide as its rows need (`need` columns),
 * within what leaves the Rules pane its room: at 80 columns it keeps its
 * narrow width, at 200 it can show a chain's full name and table.
 */
export function widenPath(layout: Layout, need: number): Layout {
	const most = Math.max(
		layout.pathWidth,
		Math.min(Math.floor(layout.columns * 0.45), layout.columns - 90),
	);
	const pathWidth = Math.max(layout.pathWidth, Math.min(need, most));
	return { ...layout, pathWidth, rulesWidth: layout.columns - pathWidth };
}

export function computeLayout(columns: number, rows: number): Layout {
	const tooSmall = columns < minimumSize.columns || rows < minimumSize.rows;
	const width = Math.max(minimumSize.columns, columns);
	const height = Math.max(minimumSize.rows, rows);
	const body = height - 2;
	const packetHeight = Math.min(7, Math.max(3, Math.floor(body / 3.5)));
	const logHeight = Math.max(3, Math.min(12, Math.floor(body / 4)));
	const topHeight = Math.max(4, body - packetHeight - logHeight);
	const pathWidth = Math.max(18, Math.min(34, Math.floor(width * 0.3)));
	return {
		tooSmall,
		columns: width,
		rows: height,
		pathWidth,
		rulesWidth: width - pathWidth,
		topHeight,
		packetHeight,
		logHeight,
		overlayHeight: body,
	};
}
