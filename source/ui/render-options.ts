/**
 * How the CLI renders the explorer. Ink's debug mode hands each whole frame
 * to the stream unthrottled; the CLI's stream (a LineScreen) then writes only
 * the rows that changed. Ink's own terminal updates do not serve a
 * full-screen app: a frame as tall as the terminal is cleared and repainted
 * on every key, and 6.8's incremental mode lands one row low. ctrl+c is a key
 * of the keymap, not Ink's.
 */
export const explorerRenderOptions = {
	exitOnCtrlC: false,
	debug: true,
	patchConsole: false,
} as const;
