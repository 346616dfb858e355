/**
 * The elements of a set or map listed by `nft -j list ruleset`, kept unread
 * (elements-later.ts): the entry is cut before its `"elem"` array, the rest
 * read now, the array parsed when the set is first looked up or shown. A
 * kube-proxy `service-ips` map is a megabyte of JSON. Only an entry whose
 * `"elem"` is its inner object's last member is cut.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { ElementsLater } from "./elements-later.js";
import { skipSpace, skipString, skipValue } from "./json-entries.js";
import { jsonElement } from "./json-expr.js";
import type { NftExpr } from "./model.js";

const setHead = /\{\s*"(?:set|map)"\s*:\s*\{/y;

/** An entry cut in two: the JSON to read now, and where its elements are. */
export type CutSet = {
	readonly header: string;
	readonly elemStart: number;
	readonly elemEnd: number;
};

/** Where the inner object's `"elem"` key starts, or -1. */
function elemKeyAt(text: string, from: number, end: number): number {
	let depth = 1;
	for (let i = from; i < end; i++) {
		const code = text.charCodeAt(i);
		if (code === 34) {
			if (depth === 1 && text.startsWith('"elem"', i)) return i;
			const close = skipString(text, i);
			if (close === -1) return -1;
			i = close - 1;
		} else if (code === 123 || code === 91) depth++;
		else if (code === 125 || code === 93) {
			depth--;
			if (depth === 0) return -1;
		}
	}
	return -1;
}

/** A listed set or map entry (`start`..`end`) cut before its elements; undefined to read it whole. */
export function cutListedSet(
	text: string,
	start: number,
	end: number,
): CutSet | undefined {
	setHead.lastIndex = start;
	if (!setHead.test(text)) return undefined;
	const key = elemKeyAt(text, setHead.lastIndex, end);
	if (key === -1) return undefined;
	const colon = skipSpace(text, key + '"elem"'.length);
	if (text.charCodeAt(colon) !== 58) return undefined;
	const elemStart = skipSpace(text, colon + 1);
	if (text.charCodeAt(elemStart) !== 91) return undefined;
	const elemEnd = skipValue(text, elemStart);
	if (elemEnd === -1 || !/^\s*\}\s*\}$/.test(text.slice(elemEnd, end)))
		return undefined;
	// The members before "elem", closed: `{"map": {..., "map": "verdict"}}`.
	const before = text.slice(start, key).trimEnd();
	if (!before.endsWith(",")) return undefined;
	return { header: `${before.slice(0, -1)}}}`, elemStart, elemEnd };
}

/** The cut-off elements, read as the whole entry would have read them. */
export function jsonElementsLater(
	text: string,
	cut: CutSet,
	path: string,
	problem: (at: string, message: string) => Diagnostic,
): ElementsLater {
	return {
		read: () => {
			const diagnostics: Diagnostic[] = [];
			let elem: unknown;
			try {
				elem = JSON.parse(text.slice(cut.elemStart, cut.elemEnd));
			} catch (error) {
				diagnostics.push(problem(path, `JSON syntax error: ${String(error)}`));
				return { elements: [], diagnostics, gated: [] };
			}
			const report = (at: string, message: string) => {
				diagnostics.push(problem(at, message));
			};
			const elements: NftExpr[] = Array.isArray(elem)
				? elem.map((e, i) => jsonElement(e, `${path}[${i}]`, report))
				: [];
			return { elements, diagnostics, gated: [] };
		},
	};
}
