/**
 * One line of text being edited, with its caret: the builder's fields and the
 * `/` prompt share these readline-style operations (emacs keys, as bash).
 */

export type LineEdit = {
	readonly text: string;
	/** Caret position: 0 … text.length (before the character at that index). */
	readonly caret: number;
};

export type LineEditOp =
	| { readonly kind: "insert"; readonly text: string }
	| { readonly kind: "backspace" }
	| { readonly kind: "delete-forward" }
	| { readonly kind: "left" }
	| { readonly kind: "right" }
	| { readonly kind: "home" }
	| { readonly kind: "end" }
	/** ctrl+u: delete from the start of the line to the caret. */
	| { readonly kind: "kill-to-start" }
	/** ctrl+w: delete the word before the caret (and the spaces after it). */
	| { readonly kind: "kill-word" };

export function lineAtEnd(text: string): LineEdit {
	return { text, caret: text.length };
}

export function applyLineEdit(line: LineEdit, op: LineEditOp): LineEdit {
	const { text } = line;
	const caret = Math.min(Math.max(0, line.caret), text.length);
	const before = text.slice(0, caret);
	const after = text.slice(caret);
	switch (op.kind) {
		case "insert":
			return { text: before + op.text + after, caret: caret + op.text.length };
		case "backspace":
			return caret === 0
				? line
				: { text: before.slice(0, -1) + after, caret: caret - 1 };
		case "delete-forward":
			return { text: before + after.slice(1), caret };
		case "left":
			return { text, caret: Math.max(0, caret - 1) };
		case "right":
			return { text, caret: Math.min(text.length, caret + 1) };
		case "home":
			return { text, caret: 0 };
		case "end":
			return { text, caret: text.length };
		case "kill-to-start":
			return { text: after, caret: 0 };
		case "kill-word": {
			const kept = before.replace(/\S*\s*$/, "");
			return { text: kept + after, caret: kept.length };
		}
		default:
			return assertNeverOp(op);
	}
}

/** The line with a visible caret: `_` at the end, else the character under it bracketed. */
export function showCaret(line: LineEdit): string {
	const { text, caret } = line;
	if (caret >= text.length) {
		return `${text}_`;
	}
	return `${text.slice(0, caret)}[${text[caret]}]${text.slice(caret + 1)}`;
}

function assertNeverOp(op: never): never {
	throw new Error(`iptx: unknown line edit ${JSON.stringify(op)}`);
}
