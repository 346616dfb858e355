/**
 * A cursor over nft tokens for the recursive-descent reader, with the
 * diagnostics it collects. Comments are set aside by line: `nft -a` puts a
 * rule's, chain's or table's handle in a trailing `# handle N` comment.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { NftVersionFeature } from "./load-options.js";
import type { NftOrigin } from "./model.js";
import { NftScanner, type NftTextPlace, type NftToken } from "./tokenize.js";

/** Thrown inside the reader only, caught at the statement boundary. */
export class NftSyntaxError extends Error {
	readonly token: NftToken;
	constructor(token: NftToken) {
		super("nft: syntax error");
		this.token = token;
	}
}

/** A use of syntax that depends on the nft release. */
export type GatedSyntax = {
	readonly feature: NftVersionFeature;
	readonly token: NftToken;
};

/** Tokens kept behind the cursor: the reader looks back one (`peek(-1)`, `back()`). */
const keptBehind = 64;
/** How far the cursor runs before the tokens behind it are dropped. */
const dropEvery = 4096;

/** `# handle N` at the end of a line's comment, as `nft -a list` prints it. */
const handleComment = /(?:^|#)\s*handle (\d+)\s*$/;

export class TokenCursor {
	/** Comments by line, as the scanner has passed them (`commentOn` reads ahead). */
	private readonly comments = new Map<number, string>();
	private readonly parseDiagnostics: Diagnostic[] = [];
	/** Syntax only some nft releases read, where it was used. */
	readonly gated: GatedSyntax[] = [];
	private readonly scanner: NftScanner;
	/** Tokens read from the scanner and not yet dropped; `window[0]` is token `base`. */
	private window: NftToken[] = [];
	private base = 0;
	private index = 0;
	private eof: NftToken | undefined;

	readonly source: string;
	/** The whole text read (a body read later starts inside it). */
	readonly text: string;

	/** `from`: where to start, when reading a body kept for later. */
	constructor(text: string, source: string, from?: NftTextPlace) {
		this.source = source;
		this.text = text;
		this.scanner = new NftScanner(text, from);
	}

	/**
	 * Where the text after the token just read goes on, when nothing but
	 * line ends was read ahead of it; undefined otherwise (tokens already
	 * read cannot be skipped over).
	 */
	placeAfterCurrent(): NftTextPlace | undefined {
		for (let at = this.index - this.base; at < this.window.length; at++)
			if (this.window[at]?.kind !== "newline") return undefined;
		return this.scanner.place;
	}

	/**
	 * Skips the text up to `to` without reading it (a body kept for later):
	 * the line ends read ahead are dropped and the scanner continues there.
	 */
	skipTo(to: NftTextPlace): void {
		this.window.length = this.index - this.base;
		this.scanner.seek(to);
	}

	/** Junk characters first (nft's scanner reports them before the parser's errors). */
	get diagnostics(): readonly Diagnostic[] {
		const junk = this.scanner.junk.map((bad) =>
			this.diagnostic(bad, "syntax-error", "syntax error, unexpected junk"),
		);
		return [...junk, ...this.parseDiagnostics];
	}

	/** Reads one more token (comments set aside by line); false at the end. */
	private pull(): boolean {
		if (this.eof) return false;
		let token = this.scanner.next();
		while (token.kind === "comment") {
			this.comments.set(token.line, token.text);
			token = this.scanner.next();
		}
		this.window.push(token);
		if (token.kind === "eof") this.eof = token;
		return true;
	}

	peek(ahead = 0): NftToken {
		if (this.index + ahead < 0) {
			// Before the first token: the end, as an index out of the list gave.
			while (this.pull()) {}
			return this.eof as NftToken;
		}
		const at = this.index + ahead - this.base;
		while (at >= this.window.length && this.pull()) {}
		return this.window[at] ?? (this.eof as NftToken);
	}

	next(): NftToken {
		const token = this.peek();
		if (token.kind !== "eof") this.step();
		return token;
	}

	private step(): void {
		this.index++;
		const behind = this.index - this.base;
		// Only when most of the window is behind: copying the rest stays cheap
		// even when a one-line file was read ahead to its end.
		if (behind > dropEvery && behind * 2 > this.window.length) {
			this.window = this.window.slice(behind - keptBehind);
			this.base += behind - keptBehind;
		}
	}

	/** Steps back one token (after a look at a keyword). */
	back(): void {
		if (this.index > 0) this.index--;
	}

	/** True (and consumed) when the next token is a word or punct with this text. */
	accept(text: string): boolean {
		const token = this.peek();
		if (token.kind !== "quoted" && token.text === text) {
			this.step();
			return true;
		}
		return false;
	}

	is(text: string, ahead = 0): boolean {
		const token = this.peek(ahead);
		return token.kind !== "quoted" && token.text === text;
	}

	expect(text: string): NftToken {
		const token = this.peek();
		if (!this.accept(text)) throw new NftSyntaxError(token);
		return token;
	}

	/** A name: a bare word or a quoted string (`"my table"`), or `$variable`. */
	name(): NftToken {
		const token = this.peek();
		if (token.kind === "word" || token.kind === "quoted") return this.next();
		if (token.kind === "number") return this.next();
		throw new NftSyntaxError(token);
	}

	number(): number {
		const token = this.peek();
		if (token.kind !== "number") throw new NftSyntaxError(token);
		this.next();
		return Number(token.text);
	}

	skipNewlines(): void {
		while (this.peek().kind === "newline" || this.is(";")) this.step();
	}

	/** At a statement separator: newline, `;`, `}` or the end. */
	atEnd(): boolean {
		const token = this.peek();
		return (
			token.kind === "newline" ||
			token.kind === "eof" ||
			(token.kind === "punct" && (token.text === ";" || token.text === "}"))
		);
	}

	/** True when the token `ahead` is a statement separator. */
	atEndAfter(ahead: number): boolean {
		const token = this.peek(ahead);
		return (
			token.kind === "newline" ||
			token.kind === "eof" ||
			(token.kind === "punct" && (token.text === ";" || token.text === "}"))
		);
	}

	/** Skips to the end of the current line (error recovery, as nft's parser). */
	recover(): void {
		let depth = 0;
		for (;;) {
			const token = this.peek();
			if (token.kind === "eof") return;
			if (token.kind === "newline" && depth <= 0) return;
			if (token.text === "{" && token.kind === "punct") depth++;
			if (token.text === "}" && token.kind === "punct") {
				if (depth === 0) return;
				depth--;
			}
			this.step();
		}
	}

	/** The `#` comment on a line (read ahead to the end of that line when needed). */
	commentOn(line: number): string | undefined {
		while (this.scanner.line <= line && this.pull()) {}
		return this.comments.get(line);
	}

	/** The handle from a `# handle N` comment on this line. */
	handleOn(line: number): number | undefined {
		const comment = this.commentOn(line);
		if (comment === undefined) return undefined;
		const match = handleComment.exec(comment);
		return match ? Number(match[1]) : undefined;
	}

	origin(token: NftToken): NftOrigin {
		return { line: token.line, column: token.column };
	}

	error(
		token: Pick<NftToken, "line" | "column" | "length">,
		code: string,
		message: string,
		severity: Diagnostic["severity"] = "error",
	): void {
		this.parseDiagnostics.push(this.diagnostic(token, code, message, severity));
	}

	private diagnostic(
		token: Pick<NftToken, "line" | "column" | "length">,
		code: string,
		message: string,
		severity: Diagnostic["severity"] = "error",
	): Diagnostic {
		return {
			severity,
			code,
			message,
			source: this.source,
			line: token.line,
			column: token.column,
			length: Math.max(1, token.length),
			...(severity === "error" ? { fatal: true } : {}),
		};
	}

	/** nft's own wording for a token the grammar does not expect here. */
	unexpected(token: NftToken): void {
		const what =
			token.kind === "eof"
				? "end of file"
				: token.kind === "newline"
					? "newline"
					: token.kind === "quoted"
						? "quoted string"
						: token.kind === "number"
							? "number"
							: token.kind === "punct"
								? `'${token.text}'`
								: `string '${token.text}'`;
		this.error(token, "syntax-error", `syntax error, unexpected ${what}`);
	}
}
