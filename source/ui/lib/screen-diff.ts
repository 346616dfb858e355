/**
 * Writing a full-screen frame to a terminal: only the rows that changed,
 * each placed by absolute cursor position. Ink's own updates either clear the
 * whole screen when the frame fills the terminal or (6.8's incremental mode)
 * land one row low; rows addressed absolutely cannot drift.
 */

const csi = "\u001B[";
/** Synchronized output (DEC mode 2026): the terminal shows the update at once. */
const beginSync = `${csi}?2026h`;
const endSync = `${csi}?2026l`;

/**
 * Escape sequences turning the screen from `previous` (undefined: unknown,
 * e.g. after a resize) into `next`. Rows beyond `height` are not written.
 */
export function screenUpdate(
	previous: readonly string[] | undefined,
	next: readonly string[],
	height: number,
): string {
	const parts: string[] = [];
	if (previous === undefined) {
		parts.push(`${csi}H${csi}2J`);
	}
	const rows = Math.min(height, Math.max(next.length, previous?.length ?? 0));
	for (let row = 0; row < rows; row++) {
		const line = next[row] ?? "";
		if (previous !== undefined && previous[row] === line) continue;
		if (previous === undefined && line === "") continue;
		parts.push(`${csi}${row + 1};1H${line}${csi}K`);
	}
	return parts.length === 0 ? "" : `${beginSync}${parts.join("")}${endSync}`;
}
