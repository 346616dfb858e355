/**
 * Renders only the rows in view: `computeWindow` picks them, each row is one
 * terminal line, so a 100,000-row list costs what its visible rows cost.
 */
import { Box } from "ink";
import { type ReactNode, useRef } from "react";
import { computeWindow } from "../lib/window.js";

export type WindowedListProps = {
	readonly total: number;
	readonly selected: number;
	readonly height: number;
	/** Preferred first row (kept when the selection stays in view). */
	readonly top?: number;
	readonly renderRow: (index: number) => ReactNode;
};

export function WindowedList({
	total,
	selected,
	height,
	top,
	renderRow,
}: WindowedListProps) {
	const previousTop = useRef<number | undefined>(undefined);
	const { from, to } = computeWindow({
		selected,
		total,
		height,
		top: top ?? previousTop.current ?? selected - Math.floor(height / 2),
	});
	previousTop.current = from;
	const rows: ReactNode[] = [];
	for (let index = from; index < to; index++) {
		rows.push(renderRow(index));
	}
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			{rows}
		</Box>
	);
}
