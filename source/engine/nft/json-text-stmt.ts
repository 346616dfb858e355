/**
 * nft 1.0.6 prints a statement that has no JSON form as its text, a bare
 * string in the rule's `expr` array ("stmt ops map have no json callback":
 * `"add @m { ip saddr : 0x00000005 }"`). The text reader reads it, so the
 * rule runs as the kernel runs it rather than being left unreadable.
 */
import type { NftStmt } from "./model.js";
import { parseStatement } from "./parse-stmt.js";
import { NftSyntaxError, TokenCursor } from "./token-cursor.js";

/** The one statement a string holds; undefined when the text reader cannot read it. */
export function statementFromText(text: string): NftStmt | undefined {
	const c = new TokenCursor(text, "-");
	try {
		const parsed = parseStatement(c);
		c.skipNewlines();
		if (parsed.kind !== "stmt" || !c.atEnd()) return undefined;
		// Positions in the one-line string mean nothing in the JSON document.
		const { origin: _origin, ...stmt } = parsed.stmt;
		return stmt as NftStmt;
	} catch (error) {
		if (error instanceof NftSyntaxError) return undefined;
		throw error;
	}
}
