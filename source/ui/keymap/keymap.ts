/**
 * Every key of the explorer, as data. The help overlay and the footer are
 * generated from this table; `resolveKey` looks keys up here and nowhere else.
 */

export type Scope =
	| "global"
	| "path"
	| "rules"
	| "packet"
	| "log"
	| "help"
	| "info"
	| "conntrack"
	| "rule-detail"
	| "builder"
	/** The builder while a list field (protocol, interface, preset) has focus: arrows go to the list. */
	| "builder-select"
	| "search"
	/** The file name prompt of `w` (save the log). */
	| "save-log";

export type CommandId =
	| "step"
	| "back"
	| "run-to-end"
	| "restart"
	| "step-over"
	| "next-match"
	| "next-hook"
	| "prev-packet"
	| "next-packet"
	| "presets"
	| "open-visit"
	| "reply"
	| "builder"
	| "next-pane"
	| "prev-pane"
	| "search"
	| "info"
	| "conntrack"
	| "help"
	| "quit"
	| "up"
	| "down"
	| "page-up"
	| "page-down"
	| "home"
	| "end"
	| "rule-detail"
	| "follow"
	| "close"
	| "next-field"
	| "prev-field"
	| "submit"
	| "search-submit"
	| "backspace"
	| "delete-forward"
	| "caret-left"
	| "caret-right"
	| "line-start"
	| "line-end"
	| "kill-to-start"
	| "kill-word"
	| "host-address"
	| "save-log"
	| "save-log-submit";

export type Binding = {
	readonly command: CommandId;
	/** Key names as `keyName` produces them: `n`, `R`, `space`, `enter`, `shift+tab`, `ctrl+c`. */
	readonly keys: readonly string[];
	readonly scope: Scope;
	readonly description: string;
	readonly group: "step" | "packet" | "view" | "navigate" | "edit" | "app";
	/** Short label for the footer; bindings without one appear only in help. */
	readonly footer?: string;
};

/** Scopes that take the keyboard for themselves: global keys do not apply. */
export const modalScopes: ReadonlySet<Scope> = new Set([
	"help",
	"info",
	"conntrack",
	"rule-detail",
	"builder",
	"builder-select",
	"search",
	"save-log",
]);

/** Scopes where printable keys that are not bindings are typed into a field. */
export const textScopes: ReadonlySet<Scope> = new Set([
	"builder",
	"search",
	"save-log",
]);

const nav = (scope: Scope): readonly Binding[] => [
	{
		command: "up",
		keys: ["up", "k"],
		scope,
		description: "previous row",
		group: "navigate",
	},
	{
		command: "down",
		keys: ["down", "j"],
		scope,
		description: "next row",
		group: "navigate",
	},
	{
		command: "page-up",
		keys: ["pageup"],
		scope,
		description: "page up",
		group: "navigate",
	},
	{
		command: "page-down",
		keys: ["pagedown"],
		scope,
		description: "page down",
		group: "navigate",
	},
	{
		command: "home",
		keys: ["home", "g"],
		scope,
		description: "first row",
		group: "navigate",
	},
	{
		command: "end",
		keys: ["end", "G"],
		scope,
		description: "last row",
		group: "navigate",
	},
];

/** Line editing in a text field, as readline (bash) does it. */
const lineEditing = (scope: Scope): readonly Binding[] => [
	{
		command: "backspace",
		keys: ["backspace", "delete"],
		scope,
		description: "delete the character before the caret",
		group: "edit",
	},
	{
		command: "delete-forward",
		keys: ["ctrl+d"],
		scope,
		description: "delete the character under the caret",
		group: "edit",
	},
	{
		command: "caret-left",
		keys: ["left", "ctrl+b"],
		scope,
		description: "caret left",
		group: "edit",
	},
	{
		command: "caret-right",
		keys: ["right", "ctrl+f"],
		scope,
		description: "caret right",
		group: "edit",
	},
	{
		command: "line-start",
		keys: ["home", "ctrl+a"],
		scope,
		description: "start of the field",
		group: "edit",
	},
	{
		command: "line-end",
		keys: ["end", "ctrl+e"],
		scope,
		description: "end of the field",
		group: "edit",
	},
	{
		command: "kill-to-start",
		keys: ["ctrl+u"],
		scope,
		description: "delete to the start of the field",
		group: "edit",
	},
	{
		command: "kill-word",
		keys: ["ctrl+w"],
		scope,
		description: "delete the word before the caret",
		group: "edit",
	},
];

export const keymap: readonly Binding[] = [
	{
		command: "step",
		keys: ["n", "space"],
		scope: "global",
		description: "one step",
		group: "step",
		footer: "step",
	},
	{
		command: "back",
		keys: ["b"],
		scope: "global",
		description: "one step back",
		group: "step",
		footer: "back",
	},
	{
		command: "run-to-end",
		keys: ["enter"],
		scope: "global",
		description: "run to the final fate",
		group: "step",
		footer: "run",
	},
	{
		command: "restart",
		keys: ["r"],
		scope: "global",
		description: "restart this packet",
		group: "step",
	},
	{
		command: "step-over",
		keys: ["o"],
		scope: "global",
		description: "step over a jump (to this chain's next rule)",
		group: "step",
		footer: "over",
	},
	{
		command: "next-match",
		keys: ["m"],
		scope: "global",
		description: "run to the next matching rule",
		group: "step",
		footer: "match",
	},
	{
		command: "next-hook",
		keys: ["h"],
		scope: "global",
		description: "run to the next hook",
		group: "step",
	},
	{
		command: "reply",
		keys: ["R"],
		scope: "global",
		description: "send the reply to this packet",
		group: "packet",
		footer: "reply",
	},
	{
		command: "builder",
		keys: ["p"],
		scope: "global",
		description: "build a packet",
		group: "packet",
		footer: "packet",
	},
	{
		command: "presets",
		keys: ["P"],
		scope: "global",
		description: "choose a preset packet",
		group: "packet",
	},
	{
		command: "prev-packet",
		keys: ["["],
		scope: "global",
		description: "previous packet of this session",
		group: "packet",
	},
	{
		command: "next-packet",
		keys: ["]"],
		scope: "global",
		description: "next packet of this session",
		group: "packet",
	},
	{
		command: "save-log",
		keys: ["w"],
		scope: "global",
		description: "write the log to a file (messages form)",
		group: "view",
	},
	{
		command: "next-pane",
		keys: ["tab"],
		scope: "global",
		description: "next pane",
		group: "view",
		footer: "pane",
	},
	{
		command: "prev-pane",
		keys: ["shift+tab"],
		scope: "global",
		description: "previous pane",
		group: "view",
	},
	{
		command: "search",
		keys: ["/"],
		scope: "global",
		description: "search rules",
		group: "view",
		footer: "search",
	},
	{
		command: "conntrack",
		keys: ["c"],
		scope: "global",
		description: "conntrack table",
		group: "view",
	},
	{
		command: "info",
		keys: ["i"],
		scope: "global",
		description: "about the inputs: host assumed, notes, diagnostics",
		group: "view",
	},
	{
		command: "help",
		keys: ["?"],
		scope: "global",
		description: "help",
		group: "app",
		footer: "help",
	},
	{
		command: "quit",
		keys: ["q", "ctrl+c"],
		scope: "global",
		description: "quit",
		group: "app",
		footer: "quit",
	},
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
	{
		command: "close",
		keys: ["escape", "i", "q", "enter"],
		scope: "info",
		description: "close",
		group: "app",
		footer: "close",
	},
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
	{
		command: "close",
		keys: ["escape", "c", "q"],
		scope: "conntrack",
		description: "close",
		group: "app",
		footer: "close",
	},
	{
		command: "close",
		keys: ["escape", "v", "q", "enter"],
		scope: "rule-detail",
		description: "close",
		group: "app",
		footer: "close",
	},
	{
		command: "next-field",
		keys: ["tab", "down"],
		scope: "builder",
		description: "next field",
		group: "edit",
		footer: "next",
	},
	{
		command: "prev-field",
		keys: ["shift+tab", "up"],
		scope: "builder",
		description: "previous field",
		group: "edit",
		footer: "prev",
	},
	{
		command: "submit",
		keys: ["enter"],
		scope: "builder",
		description: "send the packet",
		group: "edit",
		footer: "send",
	},
	{
		command: "host-address",
		keys: ["ctrl+n"],
		scope: "builder",
		description: "this host's next address (source or dest field)",
		group: "edit",
		footer: "host addr",
	},
	...lineEditing("builder"),
	{
		command: "close",
		keys: ["escape", "ctrl+c"],
		scope: "builder",
		description: "cancel",
		group: "app",
		footer: "cancel",
	},
	{
		command: "next-field",
		keys: ["tab"],
		scope: "builder-select",
		description: "next field",
		group: "edit",
		footer: "next",
	},
	{
		command: "prev-field",
		keys: ["shift+tab"],
		scope: "builder-select",
		description: "previous field",
		group: "edit",
		footer: "prev",
	},
	{
		command: "submit",
		keys: ["enter"],
		scope: "builder-select",
		description: "send the packet",
		group: "edit",
		footer: "send",
	},
	{
		command: "close",
		keys: ["escape", "ctrl+c"],
		scope: "builder-select",
		description: "cancel",
		group: "app",
		footer: "cancel",
	},
	{
		command: "search-submit",
		keys: ["enter"],
		scope: "search",
		description: "find (again)",
		group: "edit",
		footer: "find",
	},
	...lineEditing("search"),
	{
		command: "close",
		keys: ["escape", "ctrl+c"],
		scope: "search",
		description: "cancel",
		group: "app",
		footer: "cancel",
	},
	{
		command: "save-log-submit",
		keys: ["enter"],
		scope: "save-log",
		description: "write the file",
		group: "edit",
		footer: "write",
	},
	...lineEditing("save-log"),
	{
		command: "close",
		keys: ["escape", "ctrl+c"],
		scope: "save-log",
		description: "cancel",
		group: "app",
		footer: "cancel",
	},
];
