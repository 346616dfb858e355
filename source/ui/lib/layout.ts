/**
 * Pane sizes for a terminal: the path and the rules side by side on top, the
 * packet below, the log at the bottom, one header and one footer line. Sized
 * for 80×24 and up; smaller terminals get smaller panes, never negative ones.
 */

export type Layout = {
	readonly columns: number;
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

export function computeLayout(columns: number, rows: number): Layout {
	const width = Math.max(40, columns);
	const height = Math.max(12, rows);
	const body = height - 2;
	const packetHeight = Math.min(7, Math.max(3, Math.floor(body / 3.5)));
	const logHeight = Math.max(3, Math.min(8, Math.floor(body / 5)));
	const topHeight = Math.max(4, body - packetHeight - logHeight);
	const pathWidth = Math.max(20, Math.min(32, Math.floor(width * 0.3)));
	return {
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
