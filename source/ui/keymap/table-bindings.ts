/**
 * The keys of the tables list (`t`) and of a set's elements, and the Rules
 * pane's key to the set a rule names: data, like the rest of the keymap.
 */
import type { Binding } from "./keymap.js";
import { closing, nav } from "./pane-bindings.js";

export const tableBindings: readonly Binding[] = [
	{
		command: "rule-set",
		keys: ["s"],
		scope: "rules",
		description: "the set or map this nft rule names",
		group: "view",
	},
	...nav("tables"),
	{
		command: "open-outline-row",
		keys: ["enter"],
		scope: "tables",
		description: "show this chain's rules, or this set's elements",
		group: "view",
		footer: "open",
	},
	closing("tables", ["escape", "t", "q"]),
	...nav("set"),
	{
		command: "close-set",
		keys: ["escape", "s", "q"],
		scope: "set",
		description: "back (to the tables list when opened from it)",
		group: "app",
		footer: "back",
	},
];
