/**
 * The block structure of nft's text syntax: the lines between `{` and `}`,
 * each read by the caller; a syntax error becomes a diagnostic and the
 * reader skips that line, as nft's parser does.
 */
import { NftSyntaxError, type TokenCursor } from "./token-cursor.js";

/** Lines of every block that end without a separator (nft's grammar): a set's `elements = { }`. */
const unseparated = new Set(["elements", "auto-merge"]);

/**
 * Runs `body` for each line between `{` and `}`; errors skip one line. In
 * nft's grammar (1.0.6 and since) a chain's, a table's and a set's lines
 * each end with a newline or `;`: `chain c { jump d }` is a syntax error at
 * the `}`, `chain c { jump d; }` is not. Flowtable blocks are not held to it.
 */
export function block(
	c: TokenCursor,
	body: () => void,
	separated = true,
): void {
	c.expect("{");
	for (;;) {
		c.skipNewlines();
		if (c.accept("}")) return;
		if (c.peek().kind === "eof") throw new NftSyntaxError(c.peek());
		const start = c.peek();
		guarded(c, () => {
			body();
			if (!c.atEnd()) throw new NftSyntaxError(c.peek());
			if (separated && c.is("}") && !unseparated.has(start.text))
				throw new NftSyntaxError(c.peek());
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
