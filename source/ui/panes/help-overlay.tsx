/**
 * `?`: every binding of the focused pane, then the global ones, generated
 * from the keymap. Laid out in as many columns as the width allows; what
 * still does not fit scrolls (j/k), so every key is reachable at any size.
 */
import { Box, Text } from "ink";
import type { Binding, Scope } from "../keymap/keymap.js";
import { displayKey, helpBindings } from "../keymap/resolve-key.js";
import { fitText } from "../lib/fit.js";
import type { Glyphs } from "../lib/glyphs.js";

export type HelpOverlayProps = {
	readonly keymap: readonly Binding[];
	readonly scope: Scope;
	/** Rows scrolled down. */
	readonly scroll: number;
	readonly height: number;
	readonly width: number;
	readonly glyphs: Glyphs;
};

/** Lines of the help text: `  n, space    one step` (the readme's key list too). */
export function helpLines(
	keymap: readonly Binding[],
	scope: Scope,
): readonly string[] {
	return helpBindings(keymap, scope).map(
		(b) =>
			`  ${b.keys.map(displayKey).join(", ").padEnd(16)} ${b.description}${b.scope === "global" ? "" : ` (${b.scope})`}`,
	);
}

/** Narrowest column that still shows a key and most of its description. */
const columnWidth = 38;

/** The overlay's layout: how many columns, the visible slice of each, how many rows were cut. */
export function helpLayout(
	count: number,
	width: number,
	rows: number,
	scroll: number,
): { columns: number; perColumn: number; from: number; hidden: number } {
	const fit = Math.max(1, Math.floor(width / columnWidth));
	const columns = Math.min(fit, Math.max(1, Math.ceil(count / rows)));
	const perColumn = Math.ceil(count / columns);
	const from = Math.max(0, Math.min(scroll, perColumn - rows));
	return { columns, perColumn, from, hidden: Math.max(0, perColumn - rows) };
}

export function HelpOverlay(props: HelpOverlayProps) {
	const { keymap, scope, height, width, glyphs } = props;
	const entries = helpBindings(keymap, scope).map((b) => ({
		keys: b.keys.map(displayKey).join(", "),
		text: b.description,
	}));
	const rows = Math.max(1, height - 2);
	const layout = helpLayout(entries.length, width, rows, props.scroll);
	const cellWidth = Math.floor(width / layout.columns);
	const keyWidth = Math.min(17, Math.max(...entries.map((e) => e.keys.length)));
	const more =
		layout.hidden > 0
			? `; j/k scroll ${layout.from + 1}-${layout.from + rows}/${layout.perColumn}`
			: "";
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold inverse>
				{fitText(
					` Keys (esc closes${more}): ${scope} pane first, then everywhere `,
					width,
					glyphs.ellipsis,
				)}
			</Text>
			<Box flexDirection="row">
				{Array.from({ length: layout.columns }, (_, c) => c).map((c) => (
					<Box key={c} flexDirection="column" width={cellWidth}>
						{entries
							.slice(c * layout.perColumn, (c + 1) * layout.perColumn)
							.slice(layout.from, layout.from + rows)
							.map((e) => (
								<Text key={`${e.keys}:${e.text}`} wrap="truncate-end">
									{fitText(
										` ${fitText(e.keys, keyWidth, glyphs.ellipsis).padEnd(keyWidth)} ${e.text}`,
										cellWidth - 1,
										glyphs.ellipsis,
									)}
								</Text>
							))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
