/** Key lookup: Ink's (input, key) pair → a key name → a command of the active scope. */
import type { Key } from "ink";
import {
	type Binding,
	type CommandId,
	modalScopes,
	type Scope,
} from "./keymap.js";

/** A stable name for a key press: `n`, `R`, `space`, `enter`, `shift+tab`, `ctrl+c`, `up`. */
export function keyName(input: string, key: Partial<Key>): string {
	if (key.upArrow) return "up";
	if (key.downArrow) return "down";
	if (key.leftArrow) return "left";
	if (key.rightArrow) return "right";
	if (key.pageUp) return "pageup";
	if (key.pageDown) return "pagedown";
	if (key.home) return "home";
	if (key.end) return "end";
	if (key.return) return "enter";
	if (key.escape) return "escape";
	if (key.tab) return key.shift ? "shift+tab" : "tab";
	if (key.backspace) return "backspace";
	if (key.delete) return "delete";
	if (key.ctrl) return `ctrl+${input}`;
	if (input === " ") return "space";
	return input;
}

/**
 * The command bound to a key in `scope`, then in `global` (unless the scope
 * is modal). Undefined when nothing is bound: in text scopes the caller then
 * types the input into the field.
 */
export function resolveKey(
	keymap: readonly Binding[],
	scope: Scope,
	input: string,
	key: Partial<Key>,
): CommandId | undefined {
	const name = keyName(input, key);
	const scopes: readonly Scope[] = modalScopes.has(scope)
		? [scope]
		: [scope, "global"];
	for (const s of scopes) {
		const binding = keymap.find((b) => b.scope === s && b.keys.includes(name));
		if (binding) {
			return binding.command;
		}
	}
	return undefined;
}

/** Bindings for the help overlay: the scope's own first, then global ones. */
export function helpBindings(
	keymap: readonly Binding[],
	scope: Scope,
): readonly Binding[] {
	const own = keymap.filter((b) => b.scope === scope);
	if (modalScopes.has(scope)) {
		return own;
	}
	// A global binding whose keys the scope takes over does not apply here.
	const taken = new Set(own.flatMap((b) => b.keys));
	const global = keymap
		.filter((b) => b.scope === "global")
		.map((b) => ({ ...b, keys: b.keys.filter((k) => !taken.has(k)) }))
		.filter((b) => b.keys.length > 0);
	return [...own, ...global];
}

/** Footer hints for the active scope: `n step  enter run  ...`. */
export function footerBindings(
	keymap: readonly Binding[],
	scope: Scope,
): readonly Binding[] {
	return helpBindings(keymap, scope).filter((b) => b.footer);
}

/** How a key name is shown to the user. */
export function displayKey(name: string): string {
	return name === "shift+tab" ? "S-tab" : name === "ctrl+c" ? "^C" : name;
}
