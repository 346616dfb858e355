/** One terminal row of text, cut to its width with the theme's ellipsis (never Ink's `…`). */
import { Text, type TextProps } from "ink";
import { fitText } from "../lib/fit.js";
import type { Glyphs } from "../lib/glyphs.js";

export type LineProps = Omit<TextProps, "children" | "wrap"> & {
	readonly text: string;
	readonly width: number;
	readonly glyphs: Glyphs;
	/** Which end to cut when the text is too long. @default "end" */
	readonly cut?: "end" | "start";
};

export function Line({ text, width, glyphs, cut, ...props }: LineProps) {
	return (
		<Text wrap="truncate-end" {...props}>
			{fitText(text, width, glyphs.ellipsis, cut)}
		</Text>
	);
}
