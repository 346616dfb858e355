/**
 * The explorer's UI state: everything the keys change. Derived data (the
 * trace, the current chain, the visible rows) is computed by selectors and
 * never stored here.
 */
import type { Family, PacketInput } from "../../engine/index.js";
import type { EngineToken } from "../engine-port.js";
import type { LineEdit } from "../lib/line-edit.js";
import type { BuilderState } from "./builder.js";

export const paneIds = ["path", "rules", "packet", "log"] as const;
export type PaneId = (typeof paneIds)[number];

/** One packet sent through the host, with the conntrack state it met. */
export type Run = {
	readonly id: number;
	readonly input: PacketInput;
	/** Engine state before the packet (conntrack from earlier packets). */
	readonly before: EngineToken;
	/** How the packet was made: `preset`, `reply`, `builder`. */
	readonly origin: string;
	/** The packet as text (short form or LOG line), when it was given as text. */
	readonly spec?: string;
};

export type Overlay =
	| { readonly kind: "none" }
	| { readonly kind: "help"; readonly scroll: number }
	/** `i`: the inputs, what was assumed, the diagnostics. */
	| { readonly kind: "info"; readonly scroll: number }
	| { readonly kind: "conntrack"; readonly scroll: number }
	/** `v`: one rule's whole text (row of a chain, as the Rules pane lists it). */
	| {
			readonly kind: "rule-detail";
			readonly table: string;
			readonly chain: string;
			readonly row: number;
	  }
	/** `t`: every table, chain and set of the host; `row` is the selected one. */
	| { readonly kind: "tables"; readonly row: number }
	/** A named nft set or map, its elements from `row`; `back` is the tables row it was opened from. */
	| {
			readonly kind: "set";
			readonly table: string;
			readonly set: string;
			readonly row: number;
			readonly back?: number;
	  }
	| { readonly kind: "builder" }
	| { readonly kind: "search" }
	/** `w`: the file name prompt for saving the log. */
	| { readonly kind: "save-log"; readonly line: LineEdit };

/** A chain the user is browsing in the rules pane, away from the trace. */
export type RuleBrowse = {
	readonly table: string;
	readonly chain: string;
	/** 0-based row in the chain (rule number − 1). */
	readonly row: number;
	/** Journey row of the visit chosen in the Path pane (its marks are shown). */
	readonly visit?: number;
	/**
	 * The chain's family when it is not the packet's: an ip6tables chain
	 * opened from the tables list (`t`) while an IPv4 packet is shown. It
	 * carries no marks (the packet never visited it).
	 */
	readonly family?: Family;
};

export type UiState = {
	readonly focus: PaneId;
	/** The packet shown (one of `runs`). */
	readonly run: Run | undefined;
	/** Every packet sent this session, oldest first; each keeps its trace. */
	readonly runs: readonly Run[];
	/** Where each run's cursor was left, by run id (switching back restores it). */
	readonly cursors: ReadonlyMap<number, number>;
	/** Index into the current trace's `steps` of the step shown. */
	readonly cursor: number;
	/** Row selected in the Path pane, or undefined when following the packet. */
	readonly pathRow: number | undefined;
	/** Set while the user scrolls the rules pane; stepping clears it. */
	readonly browse: RuleBrowse | undefined;
	readonly overlay: Overlay;
	readonly builder: BuilderState;
	readonly search: LineEdit;
	/** Lines scrolled back from the newest in the log pane. */
	readonly logScroll: number;
	/** A one-line message for the status bar (search misses, no reply...). */
	readonly message: string | undefined;
	/** A file to write (the app's effect writes it and reports back). */
	readonly saveRequest:
		| { readonly path: string; readonly text: string }
		| undefined;
	readonly nextRunId: number;
	/** Set by `q`: the app unmounts and the CLI restores the terminal. */
	readonly quitting: boolean;
};
