/**
 * The entries of an nft JSON document, cut apart before they are parsed:
 * `nft -j list ruleset` for a kube-proxy host is tens of megabytes, and one
 * `JSON.parse` of it keeps every parsed entry alive until the last is read,
 * which costs more in garbage collection than the parse. Parsed one by one,
 * each entry is garbage as soon as it is read.
 *
 * Only a document of exactly the shape `{"nftables": [ {..}, {..} ]}` is cut
 * (one key, every entry an object, separators where JSON has them); any
 * other text goes to one `JSON.parse` of the whole, which gives the errors
 * and the meaning JSON gives it.
 */

const quote = 34;
const backslash = 92;
const comma = 44;
const colon = 58;
const openBrace = 123;
const closeBrace = 125;
const openBracket = 91;
const closeBracket = 93;

/** JSON's whitespace: space, tab, line feed, carriage return. */
export function skipSpace(text: string, at: number): number {
	let i = at;
	for (;;) {
		const code = text.charCodeAt(i);
		if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return i;
		i++;
	}
}

/**
 * The offset just past the string that opens at `at`, or -1 when
 * unterminated. Jumps from quote to quote (indexOf is far quicker than a
 * loop over every character); a quote after an odd run of backslashes is
 * escaped.
 */
export function skipString(text: string, at: number): number {
	for (let from = at + 1; ; ) {
		const close = text.indexOf('"', from);
		if (close === -1) return -1;
		let escapes = 0;
		while (text.charCodeAt(close - 1 - escapes) === backslash) escapes++;
		if (escapes % 2 === 0) return close + 1;
		from = close + 1;
	}
}

/** The offset just past the object or array that opens at `at`, or -1. */
export function skipValue(text: string, at: number): number {
	let depth = 0;
	for (let i = at; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === quote) {
			const end = skipString(text, i);
			if (end === -1) return -1;
			i = end - 1;
		} else if (code === openBrace || code === openBracket) depth++;
		else if (code === closeBrace || code === closeBracket) {
			depth--;
			if (depth === 0) return i + 1;
		}
	}
	return -1;
}

/** Where each entry starts and ends. */
export type JsonEntrySpans = {
	readonly starts: readonly number[];
	readonly ends: readonly number[];
};

/**
 * The spans of the entries of `{"nftables": [...]}`, or undefined when the
 * document has any other shape (the caller then parses it whole).
 */
export function splitNftablesEntries(text: string): JsonEntrySpans | undefined {
	let i = skipSpace(text, 0);
	if (text.charCodeAt(i) !== openBrace) return undefined;
	i = skipSpace(text, i + 1);
	if (!text.startsWith('"nftables"', i)) return undefined;
	i = skipSpace(text, i + '"nftables"'.length);
	if (text.charCodeAt(i) !== colon) return undefined;
	i = skipSpace(text, i + 1);
	if (text.charCodeAt(i) !== openBracket) return undefined;
	i = skipSpace(text, i + 1);
	const starts: number[] = [];
	const ends: number[] = [];
	if (text.charCodeAt(i) !== closeBracket)
		for (;;) {
			if (text.charCodeAt(i) !== openBrace) return undefined;
			const end = skipValue(text, i);
			if (end === -1) return undefined;
			starts.push(i);
			ends.push(end);
			i = skipSpace(text, end);
			if (text.charCodeAt(i) === closeBracket) break;
			if (text.charCodeAt(i) !== comma) return undefined;
			i = skipSpace(text, i + 1);
		}
	i = skipSpace(text, i + 1);
	if (text.charCodeAt(i) !== closeBrace) return undefined;
	return skipSpace(text, i + 1) === text.length ? { starts, ends } : undefined;
}
