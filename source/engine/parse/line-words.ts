/**
 * The words of a rule line for the fast lane (canonical-rule.ts), found
 * without token objects: each word's bounds, whether it was quoted, and
 * whether it is a value, an option or `!`, in arrays reused from line to
 * line. Strings are made only for the words the lane keeps. The line is a
 * span of the whole file (`lineBase`), read through its one-byte view.
 */
import type { SourceText } from "./ascii-view.js";
import { maxRuleWords, maxWordBytes } from "./tokenize-line.js";

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
 * What each byte is to the scanner, out of quotes and in them: part of a
 * word, a space, a quote, or a byte the lane leaves to the general parser
 * wherever it is (control characters such as tab, CR and NUL, DEL, and
 * anything non-ASCII; in quotes also `\`, an escape). A table lookup per
 * byte is a third faster than the comparisons it stands for.
 */
const inWord = 0;
const spaceByte = 1;
const quoteByte = 2;
const stopByte = 3;

function byteClasses(inQuotes: boolean): Uint8Array {
	const classes = new Uint8Array(256);
	for (let code = 0; code < 256; code++)
		classes[code] =
			code < 32 || code > 126 || (inQuotes && code === 92)
				? stopByte
				: code === 34
					? quoteByte
					: code === 32 && !inQuotes
						? spaceByte
						: inWord;
	return classes;
}

const plainBytes = byteClasses(false);
const quotedBytes = byteClasses(true);

/**
 * Finds the words of the line at `lineStart` in `source`, from `start` to
 * `end`; their count, or -1 when a construct needs the general tokenizer
 * (or the line is past what iptables' argv holds).
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
	// Locals: the arrays are module state that grow() replaces.
	let wordStarts = starts;
	let wordEnds = ends;
	let wordQuoted = quoted;
	let wordKinds = kinds;
	let count = 0;
	let i = start;
	while (i < end) {
		const first = view[i] as number;
		if (first === 32) {
			i++;
			continue;
		}
		if (count === wordStarts.length) {
			grow();
			wordStarts = starts;
			wordEnds = ends;
			wordQuoted = quoted;
			wordKinds = kinds;
		}
		wordStarts[count] = i;
		let at = i + 1;
		if (first === 34) {
			// Quoted: no escapes, and a space or the end after the quote.
			while (at < end && quotedBytes[view[at] as number] === inWord) at++;
			if (at >= end || view[at] !== 34 || at - i > maxWordBytes) return -1;
			wordEnds[count] = at;
			wordQuoted[count] = 1;
			wordKinds[count] = valueWord;
			i = at + 1;
			if (i < end && view[i] !== 32) return -1;
		} else {
			if (plainBytes[first] !== inWord) return -1;
			while (at < end && plainBytes[view[at] as number] === inWord) at++;
			// A quote inside a word joins quoted and plain text.
			if ((at < end && view[at] !== 32) || at - i > maxWordBytes) return -1;
			wordEnds[count] = at;
			wordQuoted[count] = 0;
			wordKinds[count] =
				first === 45 && at - i > 1
					? optionWord
					: first === 33 && at - i === 1
						? bangWord
						: valueWord;
			i = at;
		}
		count++;
	}
	// Past iptables' argv: the general parser reports it.
	return count > maxRuleWords ? -1 : count;
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
