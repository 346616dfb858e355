/**
 * The bare tokens of nft's scanner (src/scanner.l): the longest of a number
 * (decimal or `0x` hex), a time string, an IPv4, MAC or IPv6 address and an
 * unquoted string. Keywords and names, the bulk of a ruleset, are read by
 * character class without a regular expression; only a token that starts
 * with a digit or runs into a `:` tries every form.
 */
import ipaddr from "ipaddr.js";

const hexRe = /0[xX][0-9a-fA-F]+/y;
const decRe = /[0-9]+/y;
const timeRe =
	/(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m(?!s))?(?:[0-9]+s)?(?:[0-9]+ms)?/y;
const ip4Re = /(?:[0-9]{1,3}\.){3}[0-9]{1,3}/y;
const macRe = /(?:[0-9a-fA-F]{1,2}:){5}[0-9a-fA-F]{1,2}/y;
const ip6RunRe = /[0-9a-fA-F:.]+/y;

const colon = 58;
const dot = 46;
const backslash = 92;
const star = 42;

function stickyLength(re: RegExp, text: string, at: number): number {
	re.lastIndex = at;
	return re.test(text) ? re.lastIndex - at : 0;
}

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
	return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** `[A-Za-z_.]` */
function isWordStart(code: number): boolean {
	return isLetter(code) || code === 95 || code === dot;
}

/** `[A-Za-z0-9/_.-]` */
function isWordChar(code: number): boolean {
	return isWordStart(code) || isDigit(code) || code === 47 || code === 45;
}

/**
 * Length of the unquoted string at `at`:
 * `[A-Za-z_.][A-Za-z0-9/_.-]*(\\?\*([A-Za-z_.][A-Za-z0-9/_.-]*)?)?` or `\*`.
 */
export function wordLength(text: string, at: number): number {
	const code = text.charCodeAt(at);
	if (!isWordStart(code))
		return code === backslash && text.charCodeAt(at + 1) === star ? 2 : 0;
	let end = at + 1;
	while (isWordChar(text.charCodeAt(end))) end++;
	// A wildcard tail: `eth*`, `veth\*`, `br-*lan`.
	let tail = end;
	if (text.charCodeAt(tail) === backslash) tail++;
	if (text.charCodeAt(tail) === star) {
		tail++;
		if (isWordStart(text.charCodeAt(tail))) {
			tail++;
			while (isWordChar(text.charCodeAt(tail))) tail++;
		}
		end = tail;
	}
	return end - at;
}

/** Longest prefix of the run at `at` that is an IPv6 address, as flex's ip6addr rules. */
export function ip6Length(text: string, at: number): number {
	const run = stickyLength(ip6RunRe, text, at);
	if (run < 2) return 0;
	// Most runs are IPv4 addresses and `addr:port`: too few colons to look further.
	let colons = 0;
	for (let i = at; i < at + run; i++)
		if (text.charCodeAt(i) === colon) colons++;
	if (colons < 2) return 0;
	const candidate = text.slice(at, at + run);
	if (!candidate.includes("::") && candidate.split(":").length < 8) return 0;
	for (let end = run; end >= 2; end--) {
		const head = candidate.slice(0, end);
		if (head.includes(":") && ipaddr.IPv6.isValid(head)) return end;
	}
	return 0;
}

/** Every form tried, the longest kept (the earlier on a tie, as flex does). */
function longestForm(text: string, at: number, word: number): number {
	let best = stickyLength(hexRe, text, at);
	let isNumber = best > 0;
	const dec = stickyLength(decRe, text, at);
	if (dec > best) {
		best = dec;
		isNumber = true;
	}
	for (const length of [
		stickyLength(timeRe, text, at),
		stickyLength(ip4Re, text, at),
		stickyLength(macRe, text, at),
		ip6Length(text, at),
		word,
	])
		if (length > best) {
			best = length;
			isNumber = false;
		}
	// A lone `.` is the concatenation operator, as flex's earlier "." rule.
	if (best === 1 && text.charCodeAt(at) === dot) return 0;
	return (best << 1) | (isNumber ? 1 : 0);
}

/**
 * The bare token at `at` whose first character code is `code`, packed as
 * `length << 1 | isNumber` (0 when no bare token starts here).
 */
export function scanBare(text: string, at: number, code: number): number {
	if (isDigit(code)) {
		let end = at + 1;
		while (isDigit(text.charCodeAt(end))) end++;
		const after = text.charCodeAt(end);
		// Digits not followed by a letter, `.` or `:` can only be a decimal number.
		if (!isLetter(after) && after !== dot && after !== colon)
			return ((end - at) << 1) | 1;
		return longestForm(text, at, 0);
	}
	const word = wordLength(text, at);
	// A word not followed by `:` cannot be an address (the hot path: keywords, names).
	if (text.charCodeAt(at + word) !== colon && code !== colon)
		return word === 1 && code === dot ? 0 : word << 1;
	return longestForm(text, at, word);
}
