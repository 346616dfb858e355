/** A titled pane: the title line is inverse and marked `[...]` when focused (visible without colour). */
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { fitText } from "../lib/fit.js";
import type { Theme } from "../lib/glyphs.js";

export type PaneProps = {
	readonly title: string;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
	/** Draw a separator on the left (the right-hand pane of a pair). */
	readonly leftRule?: boolean;
	readonly children?: ReactNode;
};

export function Pane({
	title,
	focused,
	width,
	height,
	theme,
	leftRule,
	children,
}: PaneProps) {
	const room = width - (leftRule === true ? 3 : 2);
	const cut = fitText(title, room, theme.glyphs.ellipsis, "start");
	const label = focused ? `[${cut}]` : ` ${cut} `;
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			overflow="hidden"
			borderStyle={theme.glyphs.border}
			borderTop={false}
			borderBottom={false}
			borderRight={false}
			borderLeft={leftRule === true}
		>
			<Box flexShrink={0}>
				<Text
					wrap="truncate-end"
					inverse={focused}
					bold={focused}
					{...(theme.color && focused ? { color: "cyan" } : {})}
				>
					{label}
				</Text>
			</Box>
			{children}
		</Box>
	);
}
