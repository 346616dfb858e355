/**
 * Where the commands of an nft JSON document start, for diagnostics: one
 * pass over the text finds each object of the top-level `nftables` array,
 * so a problem deep inside a rule is reported at its command's line and
 * column, with the JSON path to the exact value.
 */

export type JsonLocator = {
	/** Line and column (1-based) of the `index`th entry of `nftables`. */
	readonly entry: (index: number) => { line: number; column: number };
	/** Line and column of a character offset. */
	readonly at: (offset: number) => { line: number; column: number };
};

function lineStarts(text: string): number[] {
	const starts = [0];
	for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1))
		starts.push(i + 1);
	return starts;
}

/** Offsets of the values directly inside the second-level array. */
function entryOffsets(text: string): number[] {
	const offsets: number[] = [];
	let depth = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) {
			for (i++; i < text.length && text.charCodeAt(i) !== 34; i++)
				if (text.charCodeAt(i) === 92) i++;
		} else if (c === 123 || c === 91) {
			if (depth === 2) offsets.push(i);
			depth++;
		} else if (c === 125 || c === 93) depth--;
	}
	return offsets;
}

/**
 * A place with a JSON path, built as one literal: on Node 20 an object
 * spread followed by another key (`{ ...at, path }`) gives every object
 * its own hidden class, which a listing of 40,000 chains pays for in
 * memory, garbage collection and megamorphic reads of each origin.
 */
export function withPath(
	at: { readonly line: number; readonly column: number },
	path: string,
): { line: number; column: number; path: string } {
	return { line: at.line, column: at.column, path };
}

/** `entryStarts`: where the entries start, when the caller has found them. */
export function createJsonLocator(
	text: string,
	entryStarts?: readonly number[],
): JsonLocator {
	const starts = lineStarts(text);
	let entries = entryStarts;
	const at = (offset: number) => {
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if ((starts[mid] ?? 0) <= offset) low = mid;
			else high = mid - 1;
		}
		return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
	};
	return {
		at,
		entry: (index) => {
			entries ??= entryOffsets(text);
			return at(entries[index] ?? 0);
		},
	};
}

/** The character offset in a `JSON.parse` error message (Node: "at position N"). */
export function jsonErrorOffset(message: string, text: string): number {
	const match = /position (\d+)/.exec(message);
	// "Unexpected end of JSON input" has no position: the end is where it is.
	return match ? Number(match[1]) : text.length;
}
