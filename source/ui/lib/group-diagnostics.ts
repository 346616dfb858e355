/**
 * Diagnostics for people: a file of 1,000 identical `Bad mac address`
 * errors is one entry with a count and where the first ones are, not 1,000
 * lines. Errors come before warnings, larger groups first.
 */

export type DiagnosticLike = {
	readonly severity: string;
	readonly code: string;
	readonly message: string;
	readonly source: string;
	readonly line: number;
	readonly column: number;
};

/** How many places each group lists. */
const shownPlaces = 3;

export function groupDiagnostics(
	diagnostics: readonly DiagnosticLike[],
): readonly string[] {
	const groups = new Map<string, DiagnosticLike[]>();
	for (const d of diagnostics) {
		// The code groups: messages of one code differ only in the text they quote.
		const key = `${d.severity}\u0000${d.code}`;
		const list = groups.get(key);
		if (list) list.push(d);
		else groups.set(key, [d]);
	}
	const rank = (s: string) => (s === "error" ? 0 : s === "warning" ? 1 : 2);
	return [...groups.values()]
		.sort(
			(a, b) =>
				rank(a[0]?.severity ?? "") - rank(b[0]?.severity ?? "") ||
				b.length - a.length,
		)
		.map((list) => {
			const first = list[0] as DiagnosticLike;
			const places = list
				.slice(0, shownPlaces)
				.map((d) => `${d.line}:${d.column}`)
				.join(", ");
			const more = list.length > shownPlaces ? ", ..." : "";
			const count = list.length > 1 ? `${list.length}x ` : "";
			const example = list.length > 1 ? "first: " : "";
			return `${first.severity} ${count}${first.code} at ${first.source} ${places}${more}: ${example}${first.message}`;
		});
}
