/**
 * The keys of the panes (list navigation, the Path pane's enter) and of the
 * overlays and prompts (help, builder, search, save), as data like the rest
 * of the keymap.
 */
import type { Binding, Scope } from "./keymap.js";

/** A command, its keys and what help says of it: one row of a group of bindings. */
type Row = readonly [
	command: Binding["command"],
	keys: readonly string[],
	description: string,
];

/** The rows as bindings of one scope and group (none has a footer label). */
const rows = (
	scope: Scope,
	group: Binding["group"],
	table: readonly Row[],
): readonly Binding[] =>
	table.map(([command, keys, description]) => ({
		command,
		keys,
		scope,
		description,
		group,
	}));

const navigation: readonly Row[] = [
	["up", ["up", "k"], "previous row"],
	["down", ["down", "j"], "next row"],
	["page-up", ["pageup"], "page up"],
	["page-down", ["pagedown"], "page down"],
	["home", ["home", "g"], "first row"],
	["end", ["end", "G"], "last row"],
];

/** Up/down/page/home/end for a list scope. */
export const nav = (scope: Scope): readonly Binding[] =>
	rows(scope, "navigate", navigation);

/** Line editing in a text field, as readline (bash) does it. */
const lineEditing: readonly Row[] = [
	[
		"backspace",
		["backspace", "delete"],
		"delete the character before the caret",
	],
	["delete-forward", ["ctrl+d"], "delete the character under the caret"],
	["caret-left", ["left", "ctrl+b"], "caret left"],
	["caret-right", ["right", "ctrl+f"], "caret right"],
	["line-start", ["home", "ctrl+a"], "start of the field"],
	["line-end", ["end", "ctrl+e"], "end of the field"],
	["kill-to-start", ["ctrl+u"], "delete to the start of the field"],
	["kill-word", ["ctrl+w"], "delete the word before the caret"],
];

/** The keys that close an overlay (its own letter among them). */
export const closing = (scope: Scope, keys: readonly string[]): Binding => ({
	command: "close",
	keys,
	scope,
	description: "close",
	group: "app",
	footer: "close",
});

/** Escape or ^C abandons a form or a prompt. */
const cancel = (scope: Scope): Binding => ({
	command: "close",
	keys: ["escape", "ctrl+c"],
	scope,
	description: "cancel",
	group: "app",
	footer: "cancel",
});

/** An edit-group binding with its footer label. */
const edit = (
	scope: Scope,
	command: Binding["command"],
	keys: readonly string[],
	description: string,
	footer: string,
): Binding => ({ command, keys, scope, description, group: "edit", footer });

/** The packet form: between fields, and enter sends. */
const form = (
	scope: Scope,
	next: readonly string[],
	previous: readonly string[],
): readonly Binding[] => [
	edit(scope, "next-field", next, "next field", "next"),
	edit(scope, "prev-field", previous, "previous field", "prev"),
	edit(scope, "submit", ["enter"], "send the packet", "send"),
];

/** A one-line prompt: enter submits, the line edits, escape cancels. */
const prompt = (scope: Scope, submit: Binding): readonly Binding[] => [
	submit,
	...rows(scope, "edit", lineEditing),
	cancel(scope),
];

/** Bindings of the panes and overlays, after the global ones. */
export const paneAndOverlayBindings: readonly Binding[] = [
	...nav("rules"),
	{
		command: "rule-detail",
		keys: ["v"],
		scope: "rules",
		description: "full rule text",
		group: "view",
		footer: "full text",
	},
	{
		command: "follow",
		keys: ["escape", "f"],
		scope: "rules",
		description: "back to the packet's rule",
		group: "navigate",
	},
	...nav("path"),
	{
		command: "open-visit",
		keys: ["enter"],
		scope: "path",
		description: "show this chain's rules with the packet's marks",
		group: "view",
		footer: "show chain",
	},
	{
		command: "follow",
		keys: ["escape", "f"],
		scope: "path",
		description: "back to the packet's chain",
		group: "navigate",
	},
	...nav("log"),
	...nav("info"),
	closing("info", ["escape", "i", "q", "enter"]),
	...nav("help"),
	{
		command: "close",
		keys: ["escape", "?", "q"],
		scope: "help",
		description: "close help",
		group: "app",
		footer: "close",
	},
	...nav("conntrack"),
	closing("conntrack", ["escape", "c", "q"]),
	closing("rule-detail", ["escape", "v", "q", "enter"]),
	...form("builder", ["tab", "down"], ["shift+tab", "up"]),
	edit(
		"builder",
		"host-address",
		["ctrl+n"],
		"this host's next address (source or dest field)",
		"host addr",
	),
	...rows("builder", "edit", lineEditing),
	cancel("builder"),
	...form("builder-select", ["tab"], ["shift+tab"]),
	cancel("builder-select"),
	...prompt(
		"search",
		edit("search", "search-submit", ["enter"], "find (again)", "find"),
	),
	...prompt(
		"save-log",
		edit("save-log", "save-log-submit", ["enter"], "write the file", "write"),
	),
];
