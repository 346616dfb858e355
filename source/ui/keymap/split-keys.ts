/**
 * Terminals deliver keys in bursts: a paste, a held Backspace, typing over SSH
 * arrive as one read. Ink splits escape sequences but hands a run of plain
 * bytes over as one "key" (`\x7f\x7f`, `172.17.0.2\t`). This splits such a run
 * into the keys it contains, decoded as a terminal in raw mode sends them.
 */
import type { KeyPress } from "../state/actions.js";

export type SplitKey = { readonly input: string; readonly key: KeyPress };

/** One byte of a raw-mode terminal, as Ink's useInput would report it alone. */
export function decodeKey(char: string): SplitKey {
	const code = char.codePointAt(0) ?? 0;
	if (char === "\r" || char === "\n")
		return { input: "", key: { return: true } };
	if (char === "\t") return { input: "", key: { tab: true } };
	// Backspace sends DEL (0x7f) on most terminals, BS (0x08) on some.
	if (code === 0x7f) return { input: "", key: { delete: true } };
	if (code === 0x08) return { input: "", key: { backspace: true } };
	if (code > 0 && code < 0x20) {
		return {
			input: String.fromCharCode(code + 0x60),
			key: { ctrl: true },
		};
	}
	return { input: char, key: /[A-Z]/.test(char) ? { shift: true } : {} };
}

const namedKeys: readonly (keyof KeyPress)[] = [
	"upArrow",
	"downArrow",
	"leftArrow",
	"rightArrow",
	"pageUp",
	"pageDown",
	"home",
	"end",
	"return",
	"escape",
	"tab",
	"backspace",
	"delete",
	"ctrl",
	"meta",
];

/**
 * The keys in what Ink reported as one. A named key (arrow, enter, ctrl+x) or
 * a single character stays as it is; a run of several characters is split
 * into one key per character.
 */
export function splitKeys(input: string, key: KeyPress): readonly SplitKey[] {
	const chars = [...input];
	if (chars.length <= 1 || namedKeys.some((name) => key[name])) {
		return [{ input, key }];
	}
	return chars.map(decodeKey);
}
