/**
 * Glyph sets: Unicode when the terminal can show it, plain ASCII when
 * NO_COLOR is set or the locale is not UTF-8. Selection never relies on
 * colour alone: the `>` marker is always there.
 */

export type Glyphs = {
	readonly unicode: boolean;
	readonly current: string;
	readonly matched: string;
	readonly notMatched: string;
	readonly unknown: string;
	readonly arrow: string;
	readonly separator: string;
	readonly ellipsis: string;
	readonly done: string;
	readonly border: "single" | "classic";
};

export const unicodeGlyphs: Glyphs = {
	unicode: true,
	current: ">",
	matched: "✓",
	notMatched: "✗",
	unknown: "?",
	arrow: "→",
	separator: "│",
	ellipsis: "…",
	done: "·",
	border: "single",
};

export const asciiGlyphs: Glyphs = {
	unicode: false,
	current: ">",
	matched: "+",
	notMatched: "x",
	unknown: "?",
	arrow: "->",
	separator: "|",
	ellipsis: "...",
	done: "-",
	border: "classic",
};

export type Theme = {
	readonly glyphs: Glyphs;
	/** False under NO_COLOR: no colour props at all. */
	readonly color: boolean;
};

/**
 * Reads NO_COLOR and the locale (LC_ALL, then LC_CTYPE, then LANG, as
 * setlocale does) to pick the theme.
 */
export function detectTheme(
	env: Readonly<Record<string, string | undefined>>,
): Theme {
	const noColor = env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "";
	const locale = env["LC_ALL"] || env["LC_CTYPE"] || env["LANG"] || "";
	const utf8 = /utf-?8/i.test(locale);
	return {
		glyphs: noColor || !utf8 ? asciiGlyphs : unicodeGlyphs,
		color: !noColor,
	};
}
