/**
 * Cutting text to a width ourselves, with the theme's ellipsis: Ink's own
 * truncation always appends `…`, which the ASCII fallback must not send.
 */

/** `text` in at most `width` columns: cut at the end (default) or the start. */
export function fitText(
	text: string,
	width: number,
	ellipsis: string,
	cut: "end" | "start" = "end",
): string {
	const chars = [...text];
	if (chars.length <= width) return text;
	if (width <= ellipsis.length)
		return chars.slice(0, Math.max(0, width)).join("");
	const keep = width - ellipsis.length;
	return cut === "end"
		? chars.slice(0, keep).join("") + ellipsis
		: ellipsis + chars.slice(chars.length - keep).join("");
}

/**
 * A left part cut to make room for a right part that is always shown whole
 * (the header's packet and step counter).
 */
export function fitPair(
	left: string,
	right: string,
	width: number,
	ellipsis: string,
): string {
	const room = width - [...right].length - 2;
	if (room < 4) return fitText(right, width, ellipsis, "start");
	return right === ""
		? fitText(left, width, ellipsis)
		: `${fitText(left, room, ellipsis)}  ${right}`;
}
