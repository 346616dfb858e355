/** A titled pane of plain one-row lines (the packet and log panes), each cut to the width. */
import { Text } from "ink";
import { fitText } from "../lib/fit.js";
import type { Theme } from "../lib/glyphs.js";
import { Pane } from "./pane.js";

export type TextPaneProps = {
	readonly title: string;
	readonly lines: readonly string[];
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

export function TextPane({
	title,
	lines,
	focused,
	width,
	height,
	theme,
}: TextPaneProps) {
	return (
		<Pane
			title={title}
			focused={focused}
			width={width}
			height={height}
			theme={theme}
		>
			{lines.map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
				<Text key={`${index}:${line}`} wrap="truncate-end">
					{fitText(line, width, theme.glyphs.ellipsis)}
				</Text>
			))}
		</Pane>
	);
}
