/**
 * Splits an iptables-restore rule line into words the way iptables 1.8's
 * `add_param_to_argv` (iptables/xshared.c) does: space, tab and newline
 * separate words; `"` opens a quoted part in which `\` escapes the next
 * character; a closing quote ends the word. `\r` is not whitespace.
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
			tokens.push(makeToken(quotedWord.text, tokenStart, end));
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
