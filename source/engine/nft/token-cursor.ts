/**
 * A cursor over nft tokens for the recursive-descent reader, with the
 * diagnostics it collects. Comments are set aside by line: `nft -a` puts a
 * rule's, chain's or table's handle in a trailing `# handle N` comment.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { NftVersionFeature } from "./load-options.js";
import type { NftOrigin } from "./model.js";
import { type NftToken, tokenizeNft } from "./tokenize.js";

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

export class TokenCursor {
	readonly tokens: readonly NftToken[];
	readonly comments = new Map<number, string>();
	readonly diagnostics: Diagnostic[] = [];
	/** Syntax only some nft releases read, where it was used. */
	readonly gated: GatedSyntax[] = [];
	private index = 0;

	readonly source: string;

	constructor(text: string, source: string) {
		this.source = source;
		const { tokens, junk } = tokenizeNft(text);
		const kept: NftToken[] = [];
		for (const token of tokens)
			if (token.kind === "comment") this.comments.set(token.line, token.text);
			else kept.push(token);
		this.tokens = kept;
		for (const bad of junk)
			this.error(bad, "syntax-error", "syntax error, unexpected junk");
	}

	peek(ahead = 0): NftToken {
		const last = this.tokens[this.tokens.length - 1] as NftToken;
		return this.tokens[this.index + ahead] ?? last;
	}

	next(): NftToken {
		const token = this.peek();
		if (token.kind !== "eof") this.index++;
		return token;
	}

	/** True (and consumed) when the next token is a word or punct with this text. */
	/** Steps back one token (after a look at a keyword). */
	back(): void {
		if (this.index > 0) this.index--;
	}

	accept(text: string): boolean {
		const token = this.peek();
		if (token.kind !== "quoted" && token.text === text) {
			this.index++;
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
		while (this.peek().kind === "newline" || this.is(";")) this.index++;
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
			this.index++;
		}
	}

	/** The handle from a `# handle N` comment on this line. */
	handleOn(line: number): number | undefined {
		const match = /(?:^|#)\s*handle (\d+)\s*$/.exec(
			this.comments.get(line) ?? "",
		);
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
		this.diagnostics.push({
			severity,
			code,
			message,
			source: this.source,
			line: token.line,
			column: token.column,
			length: Math.max(1, token.length),
			...(severity === "error" ? { fatal: true } : {}),
		});
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
