/**
 * The block structure of nft's text syntax: the lines between `{` and `}`,
 * each read by the caller; a syntax error becomes a diagnostic and the
 * reader skips that line, as nft's parser does.
 */
import { NftSyntaxError, type TokenCursor } from "./token-cursor.js";

/** Runs `body` for each line between `{` and `}`; errors skip one line. */
export function block(c: TokenCursor, body: () => void): void {
	c.expect("{");
	for (;;) {
		c.skipNewlines();
		if (c.accept("}")) return;
		if (c.peek().kind === "eof") throw new NftSyntaxError(c.peek());
		guarded(c, () => {
			body();
			if (!c.atEnd()) throw new NftSyntaxError(c.peek());
		});
	}
}

/** Runs `run`; a syntax error in it is reported and its line skipped. */
export function guarded(c: TokenCursor, run: () => void): void {
	try {
		run();
	} catch (error) {
		if (!(error instanceof NftSyntaxError)) throw error;
		c.unexpected(error.token);
		c.recover();
	}
}
