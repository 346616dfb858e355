/** What each command does: an action for the reducer, or quitting. */
import type { Action } from "../state/actions.js";
import type { CommandId } from "./keymap.js";

export type CommandEffect = Action;

/** Every command has a handler (the Record makes a missing one a type error). */
export const commandEffects: Readonly<
	Record<CommandId, (page: number) => CommandEffect>
> = {
	step: () => ({ type: "cursor", move: "step-forward" }),
	back: () => ({ type: "cursor", move: "step-back" }),
	"run-to-end": () => ({ type: "cursor", move: "run-to-end" }),
	restart: () => ({ type: "cursor", move: "restart" }),
	"step-over": () => ({ type: "cursor", move: "step-over" }),
	"next-match": () => ({ type: "cursor", move: "next-match" }),
	"next-hook": () => ({ type: "cursor", move: "next-hook" }),
	"prev-packet": () => ({ type: "switch-run", delta: -1 }),
	"next-packet": () => ({ type: "switch-run", delta: 1 }),
	presets: () => ({ type: "open-builder", field: "preset" }),
	"open-visit": () => ({ type: "open-visit" }),
	reply: () => ({ type: "send-reply" }),
	builder: () => ({ type: "open-builder" }),
	"next-pane": () => ({ type: "focus-next" }),
	"prev-pane": () => ({ type: "focus-prev" }),
	search: () => ({ type: "open-search" }),
	conntrack: () => ({ type: "open-conntrack" }),
	help: () => ({ type: "open-help" }),
	info: () => ({ type: "open-info" }),
	quit: () => ({ type: "quit" }),
	up: (page) => ({ type: "list", move: "up", page }),
	down: (page) => ({ type: "list", move: "down", page }),
	"page-up": (page) => ({ type: "list", move: "page-up", page }),
	"page-down": (page) => ({ type: "list", move: "page-down", page }),
	home: (page) => ({ type: "list", move: "home", page }),
	end: (page) => ({ type: "list", move: "end", page }),
	"rule-detail": () => ({ type: "open-rule-detail" }),
	follow: () => ({ type: "follow-trace" }),
	close: () => ({ type: "close-overlay" }),
	"next-field": () => ({ type: "builder-field", delta: 1 }),
	"prev-field": () => ({ type: "builder-field", delta: -1 }),
	submit: () => ({ type: "builder-submit" }),
	"search-submit": () => ({ type: "search-submit" }),
	backspace: () => ({ type: "text-edit", op: { kind: "backspace" } }),
	"delete-forward": () => ({
		type: "text-edit",
		op: { kind: "delete-forward" },
	}),
	"caret-left": () => ({ type: "text-edit", op: { kind: "left" } }),
	"caret-right": () => ({ type: "text-edit", op: { kind: "right" } }),
	"line-start": () => ({ type: "text-edit", op: { kind: "home" } }),
	"line-end": () => ({ type: "text-edit", op: { kind: "end" } }),
	"kill-to-start": () => ({ type: "text-edit", op: { kind: "kill-to-start" } }),
	"kill-word": () => ({ type: "text-edit", op: { kind: "kill-word" } }),
	"host-address": () => ({ type: "builder-host-address" }),
	"save-log": () => ({ type: "open-save-log" }),
	"save-log-submit": () => ({ type: "save-log-submit" }),
	tables: () => ({ type: "open-tables" }),
	"open-outline-row": () => ({ type: "open-outline-row" }),
	"rule-set": () => ({ type: "open-rule-set" }),
	"close-set": () => ({ type: "close-set" }),
};
