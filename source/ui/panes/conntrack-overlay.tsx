/** `c`: the conntrack table after the current packet, as `conntrack -L` prints it. */
import { Box, Text } from "ink";
import type { ConntrackEntry } from "../../engine/index.js";
import { conntrackText } from "../lib/format.js";

export type ConntrackOverlayProps = {
	readonly entries: readonly ConntrackEntry[];
	readonly scroll: number;
	readonly height: number;
	readonly width: number;
};

export function ConntrackOverlay({
	entries,
	scroll,
	height,
	width,
}: ConntrackOverlayProps) {
	const room = Math.max(1, height - 2);
	const from = Math.min(scroll, Math.max(0, entries.length - room));
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text
				bold
				inverse
			>{` Conntrack table: ${entries.length} ${entries.length === 1 ? "entry" : "entries"} (esc to close) `}</Text>
			{entries.length === 0 ? <Text>(empty)</Text> : null}
			{entries.slice(from, from + room).map((entry) => (
				<Text key={entry.id} wrap="wrap">
					{conntrackText(entry)}
				</Text>
			))}
		</Box>
	);
}
