/**
 * `c`: the conntrack table after the current packet, as `conntrack -L`
 * prints it. Entries wrap between fields and the overlay scrolls by row
 * (j/k), so it fits any terminal.
 */
import { Box, Text } from "ink";
import type { ConntrackEntry } from "../../engine/index.js";
import { fitText } from "../lib/fit.js";
import { conntrackText } from "../lib/format.js";
import type { Glyphs } from "../lib/glyphs.js";
import { wrapRows } from "./log-pane.js";

export type ConntrackOverlayProps = {
	readonly entries: readonly ConntrackEntry[];
	/** Rows scrolled down. */
	readonly scroll: number;
	readonly height: number;
	readonly width: number;
	readonly glyphs: Glyphs;
};

export function ConntrackOverlay({
	entries,
	scroll,
	height,
	width,
	glyphs,
}: ConntrackOverlayProps) {
	const rows = entries.flatMap((entry) =>
		wrapRows(conntrackText(entry), width),
	);
	const room = Math.max(1, height - 1);
	const from = Math.max(0, Math.min(scroll, rows.length - room));
	const more =
		rows.length > room
			? `; j/k scroll ${from + 1}-${Math.min(rows.length, from + room)}/${rows.length}`
			: "";
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold inverse>
				{fitText(
					` Conntrack table: ${entries.length} ${entries.length === 1 ? "entry" : "entries"} (esc to close${more}) `,
					width,
					glyphs.ellipsis,
				)}
			</Text>
			{entries.length === 0 ? <Text>(empty)</Text> : null}
			{rows.slice(from, from + room).map((row, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
				<Text key={index} wrap="truncate-end">
					{row}
				</Text>
			))}
		</Box>
	);
}
