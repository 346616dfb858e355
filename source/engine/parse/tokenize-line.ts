/**
 * Splits an iptables-restore rule line into words the way iptables 1.8's
 * `add_param_to_argv` (iptables/xshared.c) does: space, tab and newline
 * separate words; `"` opens a quoted part in which `\` escapes the next
 * character; a closing quote ends the word. `\r` is not whitespace. A
 * quote never closed runs to the end of the line, its newline included
 * (fgets keeps it): iptables reads that as one word, not as an error.
 */

export type Token = {
	readonly text: string;
	/** 1-based column of the first character in the line. */
	readonly column: number;
	/** Characters the token spans in the line, quotes included. */
	readonly length: number;
	/** True when any part of it was quoted: it is then never an option. */
	readonly quoted: boolean;
};

export type TokenizeResult = {
	readonly tokens: readonly Token[];
	/** Column of a quote left open at the end of the line. */
	readonly unterminatedQuote?: number;
};

/**
 * add_param's buffer (1,024 bytes): a word that fills it stops the restore
 * with `Parameter too long!`.
 */
export const maxWordBytes = 1023;

/**
 * The most words a rule line may have after its counters: iptables-restore
 * puts its own name and `-t TABLE` before them in an argv of fixed size
 * (add_argv: `Parser cannot handle more arguments`), measured on 1.8.9.
 */
export const maxRuleWords = 251;

/** Tokenizes `line` from character index `start` (0-based). */
export function tokenizeRuleLine(line: string, start = 0): TokenizeResult {
	const tokens: Token[] = [];
	const end = line.length;
	// Lines without tabs or newlines split at spaces: indexOf finds word ends.
	const spacesOnly =
		line.indexOf("\t", start) === -1 && line.indexOf("\n", start) === -1;
	let quote = line.indexOf('"', start);
	if (quote === -1) quote = end;
	let i = start;
	while (i < end) {
		const c = line.charCodeAt(i);
		if (c === 32 || c === 9 || c === 10) {
			i++;
			continue;
		}
		const tokenStart = i;
		if (spacesOnly) {
			const space = line.indexOf(" ", i);
			i = space === -1 || space > quote ? quote : space;
		} else {
			while (i < end) {
				const d = line.charCodeAt(i);
				if (d === 32 || d === 9 || d === 10 || d === 34) break;
				i++;
			}
		}
		if (i >= end || line.charCodeAt(i) !== 34) {
			tokens.push({
				text: line.slice(tokenStart, i),
				column: tokenStart + 1,
				length: i - tokenStart,
				quoted: false,
			});
			continue;
		}
		const quotedWord = readQuoted(line, tokenStart, i);
		if (quotedWord.open) {
			tokens.push(makeToken(`${quotedWord.text}\n`, tokenStart, end));
			return { tokens, unterminatedQuote: quotedWord.quoteColumn };
		}
		tokens.push(makeToken(quotedWord.text, tokenStart, quotedWord.next));
		i = quotedWord.next;
		quote = line.indexOf('"', i);
		if (quote === -1) quote = end;
	}
	return { tokens };
}

function makeToken(text: string, from: number, to: number): Token {
	return {
		text,
		column: from + 1,
		length: Math.max(1, to - from),
		quoted: true,
	};
}

type QuotedWord = {
	readonly text: string;
	readonly next: number;
	readonly open: boolean;
	readonly quoteColumn: number;
};

/** Reads a word that has a quote at `quote`; plain text before it is kept. */
function readQuoted(
	line: string,
	wordStart: number,
	quote: number,
): QuotedWord {
	let text = line.slice(wordStart, quote);
	let i = quote + 1;
	let runStart = i;
	while (i < line.length) {
		const c = line.charCodeAt(i);
		if (c === 92 && i + 1 < line.length) {
			text += line.slice(runStart, i) + line[i + 1];
			i += 2;
			runStart = i;
			continue;
		}
		if (c === 34) {
			text += line.slice(runStart, i);
			return { text, next: i + 1, open: false, quoteColumn: quote + 1 };
		}
		i++;
	}
	text += line.slice(runStart, i);
	return { text, next: i, open: true, quoteColumn: quote + 1 };
}

const shortWithValue = "sdpiojgmAIDRNPXFcE";

/** Splits `--opt=value` and `-sVALUE` into name and attached value. */
export function splitAttached(text: string): [string, string | undefined] {
	if (text.startsWith("--")) {
		const eq = text.indexOf("=");
		return eq === -1
			? [text, undefined]
			: [text.slice(0, eq), text.slice(eq + 1)];
	}
	if (text.length > 2 && shortWithValue.includes(text[1] ?? "")) {
		return [text.slice(0, 2), text.slice(2)];
	}
	return [text, undefined];
}

/** UTF-8 length of `text`: iptables counts bytes, not characters. */
export function utf8Length(text: string): number {
	let bytes = text.length;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x80) continue;
		// A surrogate pair is 4 bytes for 2 units; others 2 or 3 for 1.
		bytes += code < 0x800 ? 1 : code >= 0xd800 && code < 0xdc00 ? 1 : 2;
		if (code >= 0xdc00 && code < 0xe000) bytes -= 1;
	}
	return bytes;
}
