/**
 * The words of a rule line for the fast lane (canonical-rule.ts), found
 * without token objects: each word's bounds, whether it was quoted, and
 * whether it is a value, an option or `!`, in arrays reused from line to
 * line. Strings are made only for the words the lane keeps. The line is a
 * span of the whole file (`lineBase`), read through its one-byte view.
 */
import type { SourceText } from "./ascii-view.js";

/**
 * The text being read (the whole file, with the line somewhere in it), its
 * one-byte view, and its words' bounds, reused from line to line.
 */
let text = "";
let bytes: Uint8Array = new Uint8Array(0);
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
 * True for the bytes the lane leaves to the general parser wherever they
 * are: control characters (tab, CR, NUL, ...), DEL and anything non-ASCII.
 */
function isUnusual(code: number): boolean {
	return code < 32 || code > 126;
}

/**
 * Finds the words of the line at `lineStart` in `source`, from `start` to
 * `end`; their count, or -1 when a construct needs the general tokenizer.
 */
export function splitWords(
	source: SourceText,
	lineStart: number,
	start: number,
	end: number,
): number {
	text = source.text;
	const view = source.bytes;
	bytes = view;
	lineBase = lineStart;
	let count = 0;
	let i = start;
	while (i < end) {
		const first = view[i] as number;
		if (first === 32) {
			i++;
			continue;
		}
		if (count === starts.length) grow();
		starts[count] = i;
		let at = i + 1;
		if (first === 34) {
			// Quoted: no escapes, and a space or the end after the quote.
			for (;;) {
				if (at >= end) return -1;
				const code = view[at] as number;
				if (code === 34) break;
				if (code === 92 || isUnusual(code)) return -1;
				at++;
			}
			ends[count] = at;
			quoted[count] = 1;
			kinds[count] = valueWord;
			i = at + 1;
			if (i < end && view[i] !== 32) return -1;
		} else {
			if (isUnusual(first)) return -1;
			for (; at < end; at++) {
				const code = view[at] as number;
				if (code === 32) break;
				// A quote inside a word joins quoted and plain text.
				if (code === 34 || isUnusual(code)) return -1;
			}
			ends[count] = at;
			quoted[count] = 0;
			kinds[count] =
				first === 45 && at - i > 1
					? optionWord
					: first === 33 && at - i === 1
						? bangWord
						: valueWord;
			i = at;
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
		if (bytes[at + i] !== known.charCodeAt(i)) return false;
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
	return bytes[(starts[index] as number) + offset] as number;
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
