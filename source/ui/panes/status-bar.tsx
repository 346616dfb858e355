/** The footer: the keys that work now (from the keymap), or a message. */
import { Text } from "ink";
import type { Binding, Scope } from "../keymap/keymap.js";
import { displayKey, footerBindings } from "../keymap/resolve-key.js";
import { fitText } from "../lib/fit.js";
import type { Glyphs } from "../lib/glyphs.js";

export type StatusBarProps = {
	readonly keymap: readonly Binding[];
	readonly scope: Scope;
	readonly message: string | undefined;
	readonly width: number;
	readonly glyphs: Glyphs;
};

/**
 * The footer hints that fit in `width` columns. Help and quit are kept last
 * and always shown; the others are dropped from the end when space runs out.
 */
export function footerText(
	keymap: readonly Binding[],
	scope: Scope,
	width = Number.POSITIVE_INFINITY,
): string {
	const hints = footerBindings(keymap, scope).map((b) => ({
		text: `${displayKey(b.keys[0] ?? "")} ${b.footer ?? ""}`,
		kept: b.command === "help" || b.command === "quit",
	}));
	const kept = hints.filter((h) => h.kept).map((h) => h.text);
	let used = kept.join("  ").length;
	const optional: string[] = [];
	for (const hint of hints.filter((h) => !h.kept)) {
		if (used + hint.text.length + 2 > width) break;
		optional.push(hint.text);
		used += hint.text.length + 2;
	}
	return [...optional, ...kept].join("  ");
}

export function StatusBar({
	keymap,
	scope,
	message,
	width,
	glyphs,
}: StatusBarProps) {
	return (
		<Text wrap="truncate-end" inverse={message !== undefined}>
			{message === undefined
				? footerText(keymap, scope, width)
				: fitText(message, width, glyphs.ellipsis)}
		</Text>
	);
}
