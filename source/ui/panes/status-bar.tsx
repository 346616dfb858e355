/** The footer: the keys that work now (from the keymap), or a message. */
import { Text } from "ink";
import type { Binding, Scope } from "../keymap/keymap.js";
import { displayKey, footerBindings } from "../keymap/resolve-key.js";

export type StatusBarProps = {
	readonly keymap: readonly Binding[];
	readonly scope: Scope;
	readonly message: string | undefined;
	readonly width: number;
};

export function footerText(keymap: readonly Binding[], scope: Scope): string {
	return footerBindings(keymap, scope)
		.map((b) => `${displayKey(b.keys[0] ?? "")} ${b.footer ?? ""}`)
		.join("  ");
}

export function StatusBar({ keymap, scope, message, width }: StatusBarProps) {
	return (
		<Text wrap="truncate-end" inverse={message !== undefined}>
			{(message ?? footerText(keymap, scope)).slice(0, Math.max(0, width))}
		</Text>
	);
}
