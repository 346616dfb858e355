/**
 * The tables list (`t`) and the set view: choosing a chain shows it in the
 * Rules pane (with this packet's marks when it visited the chain), choosing
 * a set or map lists its elements; `s` on an nft rule opens the set it
 * names. Only rows move here; what they show is derived when drawn.
 */
import type { NftSet, Step } from "../../engine/index.js";
import type { Session } from "../engine-port.js";
import { clamp } from "../lib/window.js";
import type { ListMove } from "./actions.js";
import { listDelta, rulesPosition, selectedRule } from "./browse.js";
import { listedFamily } from "./family.js";
import { findNftTable, nftRulesetOf, splitNftTableId } from "./nft-listing.js";
import { rulesetOutline } from "./ruleset-outline.js";
import { setHits } from "./set-hits.js";
import type { UiState } from "./state.js";

/** A named set or map of an nft table (`table` is its id, `inet filter`). */
export function findNftSet(
	session: Session,
	table: string,
	name: string,
): NftSet | undefined {
	const id = splitNftTableId(table);
	if (id === undefined) return undefined;
	return findNftTable(nftRulesetOf(session.context), id)?.sets.find(
		(set) => set.name === name,
	);
}

/** The row a set opens at: the first element the packet matched, else the first. */
function openingRow(
	session: Session,
	state: UiState,
	steps: readonly Step[],
	table: string,
	name: string,
): number {
	const set = findNftSet(session, table, name);
	if (!set || steps.length === 0) return 0;
	const { rows } = setHits(steps, state.cursor, table, set);
	return rows.size === 0 ? 0 : Math.min(...rows);
}

/** Opens the list at the chain the Rules pane shows. */
export function openTables(
	session: Session,
	state: UiState,
	steps: readonly Step[],
): UiState {
	const position = rulesPosition(session, state, steps);
	const rows = rulesetOutline(session.context);
	// An x_tables chain is iptables' or ip6tables' by family; nft ids are unique.
	const family =
		position && splitNftTableId(position.table) === undefined
			? listedFamily(state)
			: undefined;
	const at = position
		? rows.findIndex(
				(row) =>
					row.kind === "chain" &&
					row.table === position.table &&
					row.chain === position.chain &&
					(family === undefined || (row.family ?? "ipv4") === family),
			)
		: -1;
	return {
		...state,
		overlay: { kind: "tables", row: Math.max(0, at) },
		message: undefined,
	};
}

/** j/k/page/home/end in the tables list or a set's elements. */
export function outlineMove(
	session: Session,
	state: UiState,
	move: ListMove,
	page: number,
): UiState {
	const overlay = state.overlay;
	if (overlay.kind === "tables") {
		const total = rulesetOutline(session.context).length;
		const row = clamp(
			overlay.row + listDelta(move, page, total),
			0,
			Math.max(0, total - 1),
		);
		return { ...state, overlay: { ...overlay, row } };
	}
	if (overlay.kind === "set") {
		const total =
			findNftSet(session, overlay.table, overlay.set)?.elements.length ?? 0;
		const row = clamp(
			overlay.row + listDelta(move, page, total),
			0,
			Math.max(0, total - 1),
		);
		return { ...state, overlay: { ...overlay, row } };
	}
	return state;
}

/** Enter on a row: a chain goes to the Rules pane, a set or map opens. */
export function openOutlineRow(
	session: Session,
	state: UiState,
	steps: readonly Step[],
): UiState {
	if (state.overlay.kind !== "tables") return state;
	const back = state.overlay.row;
	const row = rulesetOutline(session.context)[back];
	if (row?.kind === "chain") {
		return {
			...state,
			overlay: { kind: "none" },
			focus: "rules",
			browse: {
				table: row.table,
				chain: row.chain,
				row: 0,
				...(row.family ? { family: row.family } : {}),
			},
			message: undefined,
		};
	}
	if (row?.kind === "set") {
		return {
			...state,
			overlay: {
				kind: "set",
				table: row.table,
				set: row.set.name,
				row: openingRow(session, state, steps, row.table, row.set.name),
				back,
			},
		};
	}
	return { ...state, message: "choose a chain, a set or a map" };
}

/** `@name` in a rule's nft text: the sets and maps it looks up or updates. */
const setReference = /@([A-Za-z_][A-Za-z0-9_./-]*)/g;

/** `s` on an nft rule: the first named set or map it uses. */
export function openRuleSet(
	session: Session,
	state: UiState,
	steps: readonly Step[],
): UiState {
	const position = rulesPosition(session, state, steps);
	const rule = selectedRule(session, state, steps);
	if (!position || !rule || splitNftTableId(position.table) === undefined) {
		return { ...state, message: "s opens the set or map an nft rule names" };
	}
	for (const match of rule.body.matchAll(setReference)) {
		const name = match[1] ?? "";
		if (findNftSet(session, position.table, name)) {
			return {
				...state,
				overlay: {
					kind: "set",
					table: position.table,
					set: name,
					row: openingRow(session, state, steps, position.table, name),
				},
				message: undefined,
			};
		}
	}
	return { ...state, message: "this rule names no set or map" };
}

/** Back to the tables list the set was opened from, or to the panes. */
export function closeSet(state: UiState): UiState {
	if (state.overlay.kind === "set" && state.overlay.back !== undefined) {
		return { ...state, overlay: { kind: "tables", row: state.overlay.back } };
	}
	return { ...state, overlay: { kind: "none" } };
}
