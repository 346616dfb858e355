/**
 * Finds where a chain body or a set's `elements = { }` ends without reading
 * what is inside: a character pass
 * that knows what nft's scanner knows about where a statement may end
 * (quoted strings, `#` comments, `\` line continuations, braces of
 * anonymous sets and verdict maps). A kube-proxy table has 40,000 chains
 * whose rules nobody looks at when the explorer opens; their bodies are
 * read when first needed (rules-later.ts), as are the 10,000 elements of
 * its `service-ips` map (elements-later.ts).
 *
 * Only a body of rules alone is skipped: one with a header clause (`type`,
 * `policy`, `device`, a chain `comment`) is a base chain or names a device,
 * and is read at once, as are bodies this pass cannot follow (a string that
 * does not close on its line, the end of the text before the `}`).
 */
import type { NftTextPlace } from "./tokenize.js";

/** A body skipped: where its `}` is, and how many statements it holds. */
export type SkippedBody = {
	/** The closing `}` of the body. */
	readonly end: NftTextPlace;
	/** Statements (rules) in the body, counted by their separators. */
	readonly statements: number;
};

/** Words that start a chain's header clauses rather than a rule (parseChainLine). */
const chainHeaderWords: ReadonlySet<string> = new Set([
	"type",
	"policy",
	"device",
	"devices",
	"comment",
]);
const noWords: ReadonlySet<string> = new Set();
/** Characters that change nothing here: all but line feed, quote, `#`, braces, `;` and `\\`. */
const ordinaryRun = /[^\n"#{};\\]*/y;

const lineFeed = 10;
const space = 32;
const tab = 9;
const carriageReturn = 13;
const backslash = 92;
const hash = 35;
const quote = 34;
const semicolon = 59;
const openBrace = 123;
const closeBrace = 125;

/** The word (`[a-z-]+`) at `at`. */
function wordAt(text: string, at: number): string {
	let end = at;
	for (;;) {
		const code = text.charCodeAt(end);
		if ((code >= 97 && code <= 122) || code === 45) end++;
		else return text.slice(at, end);
	}
}

/**
 * The chain body starting at `from` (just after its `{`) up to its closing
 * `}`, when it holds rules only; undefined when it must be read now.
 */
export function scanRulesBody(
	text: string,
	from: NftTextPlace,
): SkippedBody | undefined {
	return scanBody(text, from, chainHeaderWords);
}

/** A set literal starting at `from` (just after its `{`) up to its closing `}`. */
export function scanSetLiteral(
	text: string,
	from: NftTextPlace,
): SkippedBody | undefined {
	return scanBody(text, from, noWords);
}

/** Up to the `}` that closes the body; undefined at a statement starting with a word of `refused`. */
function scanBody(
	text: string,
	from: NftTextPlace,
	refused: ReadonlySet<string>,
): SkippedBody | undefined {
	let { line, lineStart } = from;
	let depth = 0;
	let statements = 0;
	let atStatementStart = true;
	for (let i = from.offset; i < text.length; ) {
		const code = text.charCodeAt(i);
		if (code === lineFeed) {
			line++;
			lineStart = i + 1;
			if (depth === 0) atStatementStart = true;
			i++;
		} else if (code === space || code === tab || code === carriageReturn) i++;
		else if (code === backslash && text.charCodeAt(i + 1) === lineFeed) {
			i += 2;
			line++;
			lineStart = i;
		} else if (code === hash) {
			const end = text.indexOf("\n", i);
			i = end === -1 ? text.length : end;
		} else if (depth === 0 && code === closeBrace)
			return { end: { offset: i, line, lineStart }, statements };
		else if (depth === 0 && code === semicolon) {
			atStatementStart = true;
			i++;
		} else {
			if (atStatementStart && depth === 0) {
				if (refused.has(wordAt(text, i))) return undefined;
				statements++;
				atStatementStart = false;
			}
			if (code === quote) {
				const close = text.indexOf('"', i + 1);
				const newline = text.indexOf("\n", i + 1);
				if (close === -1 || (newline !== -1 && newline < close))
					return undefined;
				i = close + 1;
			} else {
				if (code === openBrace) depth++;
				else if (code === closeBrace) depth--;
				// The rest of a word or statement, up to what matters, in one step.
				ordinaryRun.lastIndex = i + 1;
				ordinaryRun.test(text);
				i = ordinaryRun.lastIndex;
			}
		}
	}
	return undefined;
}
