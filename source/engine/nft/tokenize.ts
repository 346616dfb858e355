/**
 * The tokens of nft's text syntax, as nftables' flex scanner (src/scanner.l)
 * cuts them: the longest of an address (IPv4, IPv6, MAC), a time string
 * (`10800s`, `1h30m`), a number (decimal or `0x` hex) and an unquoted string
 * (`[A-Za-z_.][A-Za-z0-9/_.-]*`, so chain names like `svc/tcp/p80` and table
 * names like `io.systemd.nat` are one token). Keywords are strings here; the
 * parser reads them by context, as nft's start conditions do.
 */
import ipaddr from "ipaddr.js";

export type NftTokenKind =
	| "word"
	| "number"
	| "quoted"
	| "punct"
	| "comment"
	| "newline"
	| "eof";

export type NftToken = {
	readonly kind: NftTokenKind;
	/** The text; quoted strings without their quotes, comments without `#`. */
	readonly text: string;
	/** 1-based line and column of the first character. */
	readonly line: number;
	readonly column: number;
	/** Length in characters of the source text (quotes included). */
	readonly length: number;
};

const twoCharPuncts = new Set(["==", "!=", "<=", ">=", "<<", ">>"]);
const oneCharPuncts = new Set([..."<>,.:;{}[]()^&|!/-*@$=+"]);

const wordRe =
	/(?:[A-Za-z_.][A-Za-z0-9/_.-]*(?:\\?\*(?:[A-Za-z_.][A-Za-z0-9/_.-]*)?)?|\\\*)/y;
const hexRe = /0[xX][0-9a-fA-F]+/y;
const decRe = /[0-9]+/y;
const timeRe =
	/(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m(?!s))?(?:[0-9]+s)?(?:[0-9]+ms)?/y;
const ip4Re = /(?:[0-9]{1,3}\.){3}[0-9]{1,3}/y;
const macRe = /(?:[0-9a-fA-F]{1,2}:){5}[0-9a-fA-F]{1,2}/y;
const ip6RunRe = /[0-9a-fA-F:.]+/y;

function stickyLength(re: RegExp, text: string, at: number): number {
	re.lastIndex = at;
	return re.test(text) ? re.lastIndex - at : 0;
}

/** Longest prefix of the run at `at` that is an IPv6 address, as flex's ip6addr rules. */
function ip6Length(text: string, at: number): number {
	const run = stickyLength(ip6RunRe, text, at);
	if (run < 2) return 0;
	const candidate = text.slice(at, at + run);
	if (!candidate.includes("::") && candidate.split(":").length < 8) return 0;
	for (let end = run; end >= 2; end--) {
		const head = candidate.slice(0, end);
		if (head.includes(":") && ipaddr.IPv6.isValid(head)) return end;
	}
	return 0;
}

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

/** Length and kind of the bare token at `at` (0 when none starts here). */
function bareToken(
	text: string,
	at: number,
): { length: number; kind: NftTokenKind } {
	const code = text.charCodeAt(at);
	const word = stickyLength(wordRe, text, at);
	// A word not followed by `:` cannot be an address (the hot path: keywords, names).
	if (!isDigit(code) && text[at + word] !== ":" && code !== 58)
		return { length: word === 1 && code === 46 ? 0 : word, kind: "word" };
	const candidates: [number, NftTokenKind][] = [
		[stickyLength(hexRe, text, at), "number"],
		[stickyLength(decRe, text, at), "number"],
		[stickyLength(timeRe, text, at), "word"],
		[stickyLength(ip4Re, text, at), "word"],
		[stickyLength(macRe, text, at), "word"],
		[ip6Length(text, at), "word"],
		[word, "word"],
	];
	let best: [number, NftTokenKind] = [0, "word"];
	for (const candidate of candidates)
		if (candidate[0] > best[0]) best = candidate;
	// A lone `.` is the concatenation operator, as flex's earlier "." rule.
	if (best[0] === 1 && text[at] === ".") return { length: 0, kind: "word" };
	return { length: best[0], kind: best[1] };
}

type Cursor = { at: number; line: number; lineStart: number };

function push(
	tokens: NftToken[],
	cursor: Cursor,
	kind: NftTokenKind,
	textOf: string,
	length: number,
): void {
	tokens.push({
		kind,
		text: textOf,
		line: cursor.line,
		column: cursor.at - cursor.lineStart + 1,
		length,
	});
	cursor.at += length;
}

/** Reads one token at the cursor; false when the character is not nft syntax. */
function readToken(text: string, cursor: Cursor, tokens: NftToken[]): boolean {
	const c = text[cursor.at] ?? "";
	if (c === "#") {
		const end = text.indexOf("\n", cursor.at);
		const stop = end === -1 ? text.length : end;
		push(
			tokens,
			cursor,
			"comment",
			text.slice(cursor.at + 1, stop),
			stop - cursor.at,
		);
		return true;
	}
	if (c === '"') {
		const end = text.indexOf('"', cursor.at + 1);
		const newline = text.indexOf("\n", cursor.at + 1);
		if (end === -1 || (newline !== -1 && newline < end)) return false;
		push(
			tokens,
			cursor,
			"quoted",
			text.slice(cursor.at + 1, end),
			end - cursor.at + 1,
		);
		return true;
	}
	const bare = bareToken(text, cursor.at);
	if (bare.length > 0) {
		push(
			tokens,
			cursor,
			bare.kind,
			text.slice(cursor.at, cursor.at + bare.length),
			bare.length,
		);
		return true;
	}
	const two = text.slice(cursor.at, cursor.at + 2);
	if (twoCharPuncts.has(two)) {
		push(tokens, cursor, "punct", two, 2);
		return true;
	}
	if (oneCharPuncts.has(c)) {
		push(tokens, cursor, "punct", c, 1);
		return true;
	}
	return false;
}

export type TokenizeResult = {
	readonly tokens: readonly NftToken[];
	/** Characters no token starts with (nft: "syntax error, unexpected junk"). */
	readonly junk: readonly NftToken[];
};

/** Cuts nft text into tokens; never throws. The last token is `eof`. */
export function tokenizeNft(text: string): TokenizeResult {
	const tokens: NftToken[] = [];
	const junk: NftToken[] = [];
	const cursor: Cursor = { at: 0, line: 1, lineStart: 0 };
	while (cursor.at < text.length) {
		const c = text[cursor.at];
		if (c === " " || c === "\t" || c === "\r") cursor.at++;
		else if (c === "\\" && text[cursor.at + 1] === "\n") {
			cursor.at += 2;
			cursor.line++;
			cursor.lineStart = cursor.at;
		} else if (c === "\n") {
			push(tokens, cursor, "newline", "\n", 1);
			cursor.line++;
			cursor.lineStart = cursor.at;
		} else if (!readToken(text, cursor, tokens)) {
			push(junk, cursor, "punct", c ?? "", 1);
		}
	}
	tokens.push({
		kind: "eof",
		text: "",
		line: cursor.line,
		column: cursor.at - cursor.lineStart + 1,
		length: 1,
	});
	return { tokens, junk };
}
