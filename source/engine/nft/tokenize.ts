/**
 * The tokens of nft's text syntax, as nftables' flex scanner (src/scanner.l)
 * cuts them: the longest of an address (IPv4, IPv6, MAC), a time string
 * (`10800s`, `1h30m`), a number (decimal or `0x` hex) and an unquoted string
 * (`[A-Za-z_.][A-Za-z0-9/_.-]*`, so chain names like `svc/tcp/p80` and table
 * names like `io.systemd.nat` are one token). Keywords are strings here; the
 * parser reads them by context, as nft's start conditions do.
 *
 * The scanner hands out one token at a time, so a reader that consumes them
 * as it goes keeps only a few alive: a 10 MB kube-proxy ruleset is over a
 * million tokens, and holding them all costs more in garbage collection than
 * reading them.
 */
import { scanBare } from "./tokenize-bare.js";

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
	/** Character offset of the first character in the text. */
	readonly offset: number;
};

/** A place in the text where a scanner can start: offset, line and the offset that line starts at. */
export type NftTextPlace = {
	readonly offset: number;
	readonly line: number;
	readonly lineStart: number;
};

/** Where a token starts, as a place the scanner can resume reading from. */
export function placeOfToken(token: NftToken): NftTextPlace {
	return {
		offset: token.offset,
		line: token.line,
		lineStart: token.offset - token.column + 1,
	};
}

const twoCharPuncts = new Set(["==", "!=", "<=", ">=", "<<", ">>"]);
const oneCharPuncts = new Set([..."<>,.:;{}[]()^&|!/-*@$=+"]);

const space = 32;
const tab = 9;
const carriageReturn = 13;
const lineFeed = 10;
const backslash = 92;
const hash = 35;
const quote = 34;

/** Cuts nft text into tokens one at a time; never throws. */
export class NftScanner {
	private readonly text: string;
	private at = 0;
	private lineStart = 0;
	/** The line the scanner is on (1-based). */
	line = 1;
	/** Characters no token starts with (nft: "syntax error, unexpected junk"). */
	readonly junk: NftToken[] = [];

	/** The first line feed at or after `newlineFrom`; -1 when none. */
	private newline = -1;
	private newlineFrom = Number.POSITIVE_INFINITY;

	constructor(text: string, from?: NftTextPlace) {
		this.text = text;
		if (from) this.seek(from);
	}

	/** Where the next token is looked for. */
	get place(): NftTextPlace {
		return { offset: this.at, line: this.line, lineStart: this.lineStart };
	}

	/** Continues at another place of the text (a body read later, or skipped). */
	seek(place: NftTextPlace): void {
		this.at = place.offset;
		this.line = place.line;
		this.lineStart = place.lineStart;
		this.newlineFrom = Number.POSITIVE_INFINITY;
	}

	/**
	 * The next line feed after `at`, remembered: a quoted string may not run
	 * past it, and `nft -j` prints a whole ruleset on one line, where
	 * searching again for each string would read the rest of the file each
	 * time.
	 */
	private newlineAfter(at: number): number {
		if (at < this.newlineFrom || (this.newline !== -1 && this.newline <= at)) {
			this.newline = this.text.indexOf("\n", at + 1);
			this.newlineFrom = at;
		}
		return this.newline;
	}

	private token(kind: NftTokenKind, text: string, length: number): NftToken {
		const token = {
			kind,
			text,
			line: this.line,
			column: this.at - this.lineStart + 1,
			length,
			offset: this.at,
		};
		this.at += length;
		return token;
	}

	/** The next token (comments and newlines included); `eof` at the end, again and again. */
	next(): NftToken {
		const { text } = this;
		for (;;) {
			const at = this.at;
			if (at >= text.length)
				return {
					kind: "eof",
					text: "",
					line: this.line,
					column: at - this.lineStart + 1,
					length: 1,
					offset: at,
				};
			const code = text.charCodeAt(at);
			if (code === space || code === tab || code === carriageReturn) {
				this.at++;
			} else if (code === backslash && text.charCodeAt(at + 1) === lineFeed) {
				this.at += 2;
				this.line++;
				this.lineStart = this.at;
			} else if (code === lineFeed) {
				const token = this.token("newline", "\n", 1);
				this.line++;
				this.lineStart = this.at;
				return token;
			} else {
				const token = this.readToken(code);
				if (token) return token;
				this.junk.push(this.token("punct", text[at] ?? "", 1));
			}
		}
	}

	/** The token at the cursor; undefined when the character is not nft syntax. */
	private readToken(code: number): NftToken | undefined {
		const { text, at } = this;
		if (code === hash) {
			const end = text.indexOf("\n", at);
			const stop = end === -1 ? text.length : end;
			return this.token("comment", text.slice(at + 1, stop), stop - at);
		}
		if (code === quote) {
			const end = text.indexOf('"', at + 1);
			const newline = this.newlineAfter(at);
			if (end === -1 || (newline !== -1 && newline < end)) return undefined;
			return this.token("quoted", text.slice(at + 1, end), end - at + 1);
		}
		const bare = scanBare(text, at, code);
		if (bare > 0)
			return this.token(
				bare & 1 ? "number" : "word",
				text.slice(at, at + (bare >> 1)),
				bare >> 1,
			);
		const two = text.slice(at, at + 2);
		if (twoCharPuncts.has(two)) return this.token("punct", two, 2);
		const one = text[at] ?? "";
		if (oneCharPuncts.has(one)) return this.token("punct", one, 1);
		return undefined;
	}
}

export type TokenizeResult = {
	readonly tokens: readonly NftToken[];
	/** Characters no token starts with (nft: "syntax error, unexpected junk"). */
	readonly junk: readonly NftToken[];
};

/** Cuts nft text into tokens; never throws. The last token is `eof`. */
export function tokenizeNft(text: string): TokenizeResult {
	const scanner = new NftScanner(text);
	const tokens: NftToken[] = [];
	for (;;) {
		const token = scanner.next();
		tokens.push(token);
		if (token.kind === "eof") return { tokens, junk: scanner.junk };
	}
}
