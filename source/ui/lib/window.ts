/**
 * Windowing math for one-line-per-row lists: which rows are visible, so only
 * those render (a 100,000-rule chain costs the same as a 20-rule one).
 */

export type WindowInput = {
	/** Index of the selected row (kept visible). */
	readonly selected: number;
	readonly total: number;
	/** Visible rows. */
	readonly height: number;
	/** First visible row before this move. @default 0 */
	readonly top?: number;
};

/** Half-open range `[from, to)` of rows to render. */
export type WindowRange = { readonly from: number; readonly to: number };

/**
 * Keeps `top` when the selection is still inside the window, otherwise scrolls
 * just enough to show it; never leaves empty rows at the end when rows exist.
 */
export function computeWindow(input: WindowInput): WindowRange {
	const height = Math.max(0, Math.floor(input.height));
	const total = Math.max(0, input.total);
	if (height === 0 || total === 0) {
		return { from: 0, to: 0 };
	}
	const selected = clamp(input.selected, 0, total - 1);
	let top = clamp(input.top ?? 0, 0, Math.max(0, total - height));
	if (selected < top) {
		top = selected;
	} else if (selected >= top + height) {
		top = selected - height + 1;
	}
	return { from: top, to: Math.min(total, top + height) };
}

/** Window that centres the selection (used when jumping to a rule). */
export function centredWindow(
	selected: number,
	total: number,
	height: number,
): WindowRange {
	return computeWindow({
		selected,
		total,
		height,
		top: selected - Math.floor(height / 2),
	});
}

export function clamp(value: number, low: number, high: number): number {
	return Math.min(Math.max(value, low), high);
}
