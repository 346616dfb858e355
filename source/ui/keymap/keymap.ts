/**
 * Every key of the explorer, as data. The help overlay and the footer are
 * generated from this table; `resolveKey` looks keys up here and nowhere else.
 */

import { paneAndOverlayBindings } from "./pane-bindings.js";
import { tableBindings } from "./table-bindings.js";

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
	/** `t`: the host's tables, chains and sets. */
	| "tables"
	/** One nft set or map's elements. */
	| "set"
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
	| "save-log-submit"
	| "tables"
	| "open-outline-row"
	| "rule-set"
	| "close-set";

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
	"tables",
	"set",
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

/** Every binding: the global keys here, the panes' and overlays' in their own file. */
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
		command: "tables",
		keys: ["t"],
		scope: "global",
		description: "tables, chains and sets (iptables and nft)",
		group: "view",
		footer: "tables",
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
	...paneAndOverlayBindings,
	...tableBindings,
];
