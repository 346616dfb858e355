/**
 * How the CLI renders the explorer. Incremental rendering rewrites only the
 * lines a key changed (the layout keeps the frame shorter than the terminal,
 * else Ink clears the whole screen on every frame); ctrl+c is a key of the
 * keymap, not Ink's.
 */
export const explorerRenderOptions = {
	exitOnCtrlC: false,
	incrementalRendering: true,
} as const;
