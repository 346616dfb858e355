/**
 * Seeded mutations of a real ruleset for the differential against the
 * kernel: one edit per mutant on one line (a word deleted, duplicated or
 * swapped with its neighbour, an option and its value repeated, a character
 * inserted, deleted or replaced), so that each mutant sits near a ruleset
 * that loads and probes one edge of iptables-restore's reading.
 */

/** mulberry32: a small seeded generator, enough to pick edits. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type Mutant = { readonly text: string; readonly edit: string };

/** Characters a character edit puts in: the ones iptables' readers care about. */
const editChars = `0189-!"/:,.x \\=+`;

type Edit = (words: string[], at: number, random: () => number) => string;

function pick<T>(items: readonly T[], random: () => number): T {
	return items[Math.floor(random() * items.length)] as T;
}

const edits: readonly (readonly [string, Edit])[] = [
	["delete", (w, at) => w.splice(at, 1)[0] ?? ""],
	[
		"duplicate",
		(w, at) => {
			w.splice(at, 0, w[at] ?? "");
			return w[at] ?? "";
		},
	],
	[
		"swap",
		(w, at) => {
			const next = Math.min(at + 1, w.length - 1);
			[w[at], w[next]] = [w[next] ?? "", w[at] ?? ""];
			return `${w[next]} ${w[at]}`;
		},
	],
	[
		"repeat option",
		(w, at) => {
			const option = w.findIndex((x, i) => i >= at && x.startsWith("--"));
			if (option === -1) return "";
			const end = w.findIndex((x, i) => i > option && x.startsWith("-"));
			const group = w.slice(option, end === -1 ? w.length : end);
			w.splice(end === -1 ? w.length : end, 0, ...group);
			return group.join(" ");
		},
	],
	[
		"char",
		(w, at, random) => {
			const word = w[at] ?? "";
			const i = Math.floor(random() * (word.length + 1));
			const c = pick([...editChars], random);
			const kind = Math.floor(random() * 3);
			w[at] =
				kind === 0
					? word.slice(0, i) + c + word.slice(i)
					: kind === 1
						? word.slice(0, i) + word.slice(i + 1)
						: word.slice(0, i) + c + word.slice(i + 1);
			return `${word} → ${w[at]}`;
		},
	],
];

/** `count` mutants of `text` from `seed`: edits of its rule lines. */
export function mutants(text: string, seed: number, count: number): Mutant[] {
	const random = seededRandom(seed);
	const lines = text.split("\n");
	const ruleLines = lines
		.map((line, index) => ({ line, index }))
		.filter(({ line }) => line.startsWith("-A ") || line.startsWith("["));
	const out: Mutant[] = [];
	if (ruleLines.length === 0) return out;
	for (let n = 0; n < count; n++) {
		const { line, index } = pick(ruleLines, random);
		const words = line.split(" ");
		const at = 2 + Math.floor(random() * Math.max(1, words.length - 2));
		const [name, edit] = pick(edits, random);
		const what = edit(words, Math.min(at, words.length - 1), random);
		const copy = lines.slice();
		copy[index] = words.join(" ");
		out.push({
			text: copy.join("\n"),
			edit: `line ${index + 1} ${name}: ${what}`,
		});
	}
	return out;
}
