/**
 * A chain's rules kept unread, to be read when first needed: the explorer
 * opens a kube-proxy ruleset of 80,000 rules and shows or runs a handful.
 * The text form keeps the chain body's place (its rules are read again from
 * there, exactly as an eager read would read them); the JSON form keeps the
 * entries of `nft -j` (json-rules-later.ts). Reading reports what it finds
 * wrong with line and column, as the eager read would have.
 */
import type { Diagnostic } from "../diagnostics.js";
import { scanRulesBody } from "./body-scan.js";
import type { NftRule } from "./model.js";
import { type ChainHeader, parseChainLine } from "./parse-blocks.js";
import { block, guarded } from "./read-block.js";
import { type GatedSyntax, TokenCursor } from "./token-cursor.js";
import { type NftTextPlace, placeOfToken } from "./tokenize.js";

/** What reading kept rules gives. */
export type RulesRead = {
	readonly rules: readonly NftRule[];
	/** Syntax errors met while reading, with line and column. */
	readonly diagnostics: readonly Diagnostic[];
	/** Syntax only some nft releases read (text only). */
	readonly gated: readonly GatedSyntax[];
};

/** Rules of one chain, not read yet. */
export type RulesLater = {
	/** How many rules, counted without reading them. */
	readonly count: number;
	readonly read: () => RulesRead;
	/**
	 * False when the rules surely hold no set or map update, told from
	 * their text without reading them; absent means they may.
	 */
	readonly mayUpdateSets?: () => boolean;
};

/** nft's set and map update statements: `add|update|delete @set { .. }` (and `set add .. @set`). */
const setUpdateText = /\b(?:add|update|delete)\b[^\n]*@/;

/** Reads the chain body whose `{` is at `open`, as chainCommands would have. */
function readRulesBody(
	text: string,
	source: string,
	open: NftTextPlace,
): RulesRead {
	const c = new TokenCursor(text, source, open);
	const header: ChainHeader = {};
	const rules: NftRule[] = [];
	guarded(c, () => block(c, () => parseChainLine(c, header, rules)));
	return { rules, diagnostics: c.diagnostics, gated: c.gated };
}

/**
 * At a chain body's `{`: skips a body of rules alone (up to and with its
 * `}`) and gives its rules to read later; undefined, with nothing read, when
 * the body must be read now (chain-body-scan.ts says which).
 */
export function skipRulesBody(c: TokenCursor): RulesLater | undefined {
	const open = c.next();
	const from = c.placeAfterCurrent();
	const body = from && scanRulesBody(c.text, from);
	if (!body || body.statements === 0) {
		c.back();
		return undefined;
	}
	c.skipTo(body.end);
	c.expect("}");
	const { text, source } = c;
	const start = placeOfToken(open);
	const end = body.end.offset;
	return {
		count: body.statements,
		read: () => readRulesBody(text, source, start),
		mayUpdateSets: () => {
			const body = text.slice(start.offset, end);
			return body.includes("@") && setUpdateText.test(body);
		},
	};
}
