/**
 * The file's text as one byte per character, for the scanners that look at
 * every character: typed-array reads are about twice as fast as
 * String#charCodeAt. Characters above ASCII all read as `nonAscii`, so a
 * scanner that meets one lets the string-based parser read the line.
 */

/** What every non-ASCII character reads as in the view. */
export const nonAscii = 0x80;

/** A text and its one-byte view (same length, same indices). */
export type SourceText = {
	readonly text: string;
	readonly bytes: Uint8Array;
};

/**
 * The view of `text`; `ascii` is the text's own bytes when the caller has
 * them and knows them to be ASCII (a file read from disk), which saves
 * encoding 16 MB again.
 */
export function asciiView(text: string, ascii?: Uint8Array): SourceText {
	if (ascii !== undefined && ascii.length === text.length)
		return { text, bytes: ascii };
	const encoded = new TextEncoder().encode(text);
	// UTF-8 of the same length: every character was ASCII.
	if (encoded.length === text.length) return { text, bytes: encoded };
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++)
		bytes[i] = Math.min(text.charCodeAt(i), nonAscii);
	return { text, bytes };
}

/** U+FFFD: what a decoder writes for invalid UTF-8. */
const replacementChar = 0xfffd;

/**
 * The first character in `from`..`end` that no text file has (a control
 * character other than tab, LF and CR, DEL, or U+FFFD from invalid UTF-8),
 * or -1.
 */
export function binaryAt(
	source: SourceText,
	from: number,
	end: number,
): number {
	const { bytes, text } = source;
	for (let i = from; i < end; i++) {
		const code = bytes[i] as number;
		if (code >= 32 && code < 127) continue;
		if (code === nonAscii) {
			if (text.charCodeAt(i) === replacementChar) return i;
		} else if (code !== 9 && code !== 10 && code !== 13) return i;
	}
	return -1;
}
