/**
 * The words of a rule line for the fast lane (canonical-rule.ts), found
 * without token objects: each word's bounds, whether it was quoted, and
 * whether it is a value, an option or `!`, in arrays reused from line to
 * line. Strings are made only for the words the lane keeps. The line is
 * either a string of its own or a span of the whole file (`lineBase`).
 */
/**
 * The text being read (a line, or the whole file with the line at
 * `lineBase`) and its words' bounds, reused from line to line.
 */
let text = "";
let lineBase = 0;
/** 0-based start of each word (its opening quote for quoted words). */
let starts = new Int32Array(64);
/** End of each word's text (before a closing quote). */
let ends = new Int32Array(64);
/** Whether each word was quoted (a quoted word is never an option). */
let quoted = new Uint8Array(64);
/** What each word is: a value, an option (`-x`, `--xy`) or `!`. */
let kinds = new Uint8Array(64);
const valueWord = 0;
const optionWord = 1;
const bangWord = 2;

function grow(): void {
	const size = starts.length * 2;
	const s = new Int32Array(size);
	const e = new Int32Array(size);
	const q = new Uint8Array(size);
	const k = new Uint8Array(size);
	s.set(starts);
	e.set(ends);
	q.set(quoted);
	k.set(kinds);
	starts = s;
	ends = e;
	quoted = q;
	kinds = k;
}

/**
 * Where the next tab, quote and backslash are in a whole text read line by
 * line in order (-1: none left): each search moves forward once, instead of
 * scanning from every line to the end. One per text being read.
 */
export type TextCursors = {
	readonly tab: { at: number; from: number };
	readonly quote: { at: number; from: number };
	readonly backslash: { at: number; from: number };
};

export function createCursors(): TextCursors {
	return {
		tab: { at: -2, from: 0 },
		quote: { at: -2, from: 0 },
		backslash: { at: -2, from: 0 },
	};
}

/** The cursors of the text being split (undefined: a line of its own). */
let cursors: TextCursors | undefined;

/** The next `char` at or after `from` in the line, or `end` when none. */
function nextIn(
	which: "tab" | "quote" | "backslash",
	char: string,
	from: number,
	end: number,
): number {
	let at: number;
	if (cursors === undefined) at = text.indexOf(char, from);
	else {
		const cursor = cursors[which];
		if (
			cursor.at === -2 ||
			from < cursor.from ||
			(cursor.at !== -1 && cursor.at < from)
		)
			cursor.at = text.indexOf(char, from);
		cursor.from = from;
		at = cursor.at;
	}
	return at === -1 || at > end ? end : at;
}

/**
 * Finds the words of the line at `lineStart` in `line` (a line of its own
 * or the whole file, then with its cursors), from `start` to `end`; their
 * count, or -1 when a construct needs the general tokenizer.
 */
export function splitWords(
	line: string,
	lineStart: number,
	start: number,
	end: number,
	textCursors: TextCursors | undefined,
): number {
	text = line;
	lineBase = lineStart;
	cursors = textCursors;
	if (nextIn("tab", "\t", start, end) < end) return -1;
	let quote = nextIn("quote", '"', start, end);
	let count = 0;
	let i = start;
	while (i < end) {
		if (line.charCodeAt(i) === 32) {
			i++;
			continue;
		}
		if (count === starts.length) grow();
		starts[count] = i;
		if (i === quote) {
			const close = nextIn("quote", '"', i + 1, end);
			if (close >= end) return -1;
			if (nextIn("backslash", "\\", i + 1, end) < close) return -1;
			ends[count] = close;
			quoted[count] = 1;
			kinds[count] = valueWord;
			i = close + 1;
			if (i < end && line.charCodeAt(i) !== 32) return -1;
			quote = nextIn("quote", '"', i, end);
		} else {
			let space = line.indexOf(" ", i);
			if (space === -1 || space > end) space = end;
			// A quote inside a word joins quoted and plain text: general parser.
			if (quote < space) return -1;
			ends[count] = space;
			quoted[count] = 0;
			const first = line.charCodeAt(i);
			kinds[count] =
				first === 45 && space - i > 1
					? optionWord
					: first === 33 && space - i === 1
						? bangWord
						: valueWord;
			i = space;
		}
		count++;
	}
	return count;
}

/** Word `index` as a string. */
export function word(index: number): string {
	const from = (starts[index] as number) + (quoted[index] as number);
	return text.slice(from, ends[index]);
}

/**
 * True when word `index` is exactly `known` (an unquoted word of the same
 * length). A char loop: String#startsWith at an offset is far slower here.
 */
export function wordIs(index: number, known: string): boolean {
	const length = known.length;
	if (quoted[index] !== 0 || wordLength(index) !== length) return false;
	const at = starts[index] as number;
	for (let i = 0; i < length; i++)
		if (text.charCodeAt(at + i) !== known.charCodeAt(i)) return false;
	return true;
}

/** Length of the word's text (without quotes). */
export function wordLength(index: number): number {
	return (
		(ends[index] as number) -
		(starts[index] as number) -
		(quoted[index] as number)
	);
}

/** The word's character at `offset` (unquoted words only). */
export function charAt(index: number, offset: number): number {
	return text.charCodeAt((starts[index] as number) + offset);
}

/** An unquoted word that iptables reads as an option. */
export function isOptionWord(index: number): boolean {
	return kinds[index] === optionWord;
}

export function isBang(index: number): boolean {
	return kinds[index] === bangWord;
}

/** True when unquoted word `index` is `-X` for the char code `letter`. */
export function isShort(index: number, letter: number): boolean {
	return (
		quoted[index] === 0 &&
		wordLength(index) === 2 &&
		charAt(index, 0) === 45 &&
		charAt(index, 1) === letter
	);
}

/** True when word `index` is a value: present, not an option and not `!`. */
export function hasValue(index: number, count: number): boolean {
	return index < count && kinds[index] === valueWord;
}

/** Word `index` when it is a value. */
export function valueAt(index: number, count: number): string | undefined {
	return hasValue(index, count) ? word(index) : undefined;
}

/** 1-based column of word `index` in its line. */
export function wordColumn(index: number): number {
	return (starts[index] as number) - lineBase + 1;
}

/** Characters word `index` spans in its line, quotes included. */
export function wordSpan(index: number): number {
	return wordLength(index) + (quoted[index] as number) * 2;
}

/** True when word `index` is a value (not an option, not `!`). */
export function isValueWord(index: number): boolean {
	return kinds[index] === valueWord;
}

/**
 * Word `index` if it is the same text as `known` (then `known` itself, so a
 * later lookup compares one string with itself), else a new string.
 */
export function wordLike(index: number, known: string | undefined): string {
	return known !== undefined && wordIs(index, known) ? known : word(index);
}
