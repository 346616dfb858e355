/** `?`: every binding of the focused pane, then the global ones, generated from the keymap. */
import { Box, Text } from "ink";
import type { Binding, Scope } from "../keymap/keymap.js";
import { displayKey, helpBindings } from "../keymap/resolve-key.js";

export type HelpOverlayProps = {
	readonly keymap: readonly Binding[];
	readonly scope: Scope;
	readonly height: number;
	readonly width: number;
};

/** Lines of the help text: `  n, space    one step`. */
export function helpLines(
	keymap: readonly Binding[],
	scope: Scope,
): readonly string[] {
	return helpBindings(keymap, scope).map(
		(b) =>
			`  ${b.keys.map(displayKey).join(", ").padEnd(16)} ${b.description}${b.scope === "global" ? "" : ` (${b.scope})`}`,
	);
}

export function HelpOverlay({
	keymap,
	scope,
	height,
	width,
}: HelpOverlayProps) {
	const lines = helpLines(keymap, scope);
	const columns = lines.length > height - 2 && width >= 100 ? 2 : 1;
	const perColumn = Math.ceil(lines.length / columns);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold inverse>
				{" Keys (esc to close) "}
			</Text>
			<Box flexDirection="row">
				{["left", "right"].slice(0, columns).map((side, c) => (
					<Box
						key={side}
						flexDirection="column"
						width={Math.floor(width / columns)}
					>
						{lines.slice(c * perColumn, (c + 1) * perColumn).map((line) => (
							<Text key={line} wrap="truncate-end">
								{line}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
