/** Everything that changes the UI state. Handlers only dispatch these. */
import type { LineEditOp } from "../lib/line-edit.js";
import type { BuilderFieldId } from "./builder.js";
import type { PaneId } from "./state.js";
import type { CursorMove } from "./stepping.js";

export type ListMove = "up" | "down" | "page-up" | "page-down" | "home" | "end";

/** The parts of Ink's `Key` the keymap looks at. */
export type KeyPress = {
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly return?: boolean;
	readonly escape?: boolean;
	readonly ctrl?: boolean;
	readonly shift?: boolean;
	readonly tab?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
	readonly meta?: boolean;
};

export type Action =
	/** A key press: the reducer resolves it through the keymap for the active scope. */
	| {
			readonly type: "key";
			readonly input: string;
			readonly key: KeyPress;
			readonly page: number;
	  }
	| { readonly type: "quit" }
	| { readonly type: "cursor"; readonly move: CursorMove }
	| { readonly type: "send-reply" }
	/** `[` / `]`: another packet of this session. */
	| { readonly type: "switch-run"; readonly delta: 1 | -1 }
	/** Enter in the Path pane: that chain visit's rules. */
	| { readonly type: "open-visit" }
	| { readonly type: "focus-next" }
	| { readonly type: "focus-prev" }
	| { readonly type: "focus"; readonly pane: PaneId }
	| { readonly type: "open-help" }
	| { readonly type: "open-info" }
	| { readonly type: "open-conntrack" }
	| { readonly type: "open-builder"; readonly field?: BuilderFieldId }
	| { readonly type: "open-search" }
	| { readonly type: "open-rule-detail" }
	/** `t`: the tables, chains and sets of the host. */
	| { readonly type: "open-tables" }
	/** Enter in the tables list: a chain in the Rules pane, or a set's elements. */
	| { readonly type: "open-outline-row" }
	/** `s` on an nft rule: the set or map it names. */
	| { readonly type: "open-rule-set" }
	/** Leaving a set: back to the tables list it was opened from, or to the panes. */
	| { readonly type: "close-set" }
	| { readonly type: "close-overlay" }
	| { readonly type: "follow-trace" }
	| { readonly type: "list"; readonly move: ListMove; readonly page: number }
	/** An edit of the text field in use (the builder's field or the `/` prompt). */
	| { readonly type: "text-edit"; readonly op: LineEditOp }
	| { readonly type: "search-submit" }
	| { readonly type: "open-save-log" }
	| { readonly type: "save-log-submit" }
	/** The app wrote (or failed to write) the requested file. */
	| { readonly type: "saved"; readonly message: string }
	| { readonly type: "builder-field"; readonly delta: 1 | -1 }
	| {
			readonly type: "builder-set";
			readonly field: BuilderFieldId;
			readonly value: string;
	  }
	| { readonly type: "builder-submit" }
	/** Source/dest field: cycle through this host's addresses. */
	| { readonly type: "builder-host-address" }
	| { readonly type: "send-spec"; readonly spec: string };
