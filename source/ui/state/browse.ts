/**
 * Looking around after (or during) a run: scrolling a chain, searching rule
 * text, choosing a chain from the journey. The marks shown are the packet's
 * own, from its visit of that chain, wherever the cursor goes.
 */
import type { Step } from "../../engine/index.js";
import type { Session } from "../engine-port.js";
import { clamp } from "../lib/window.js";
import type { ListMove } from "./actions.js";
import type { ChainFrame } from "./chain-frames.js";
import {
	type ChainListing,
	frameRow,
	type ListedRule,
	listChain,
} from "./chain-listing.js";
import { listedFamily, shownFamily } from "./family.js";
import { type Journey, lastVisit, selectJourney, visitAt } from "./journey.js";
import { findRule } from "./rule-search.js";
import type { RuleBrowse, UiState } from "./state.js";

/** The chain and row the rules pane shows: the browse position, or the trace's. */
export function rulesPosition(
	session: Session,
	state: UiState,
	steps: readonly Step[],
): RuleBrowse | undefined {
	if (state.browse) {
		return state.browse;
	}
	const frame = selectJourney(steps, state.cursor).chain.frame;
	return frame
		? {
				table: frame.table,
				chain: frame.chain,
				row: Math.max(
					0,
					frameRow(
						chainListing(session, state, frame.table, frame.chain),
						frame,
					),
				),
			}
		: undefined;
}

/**
 * This packet's marks for the chain the rules pane shows: the chosen visit,
 * else the latest visit of that chain up to the cursor.
 */
export function shownFrame(
	state: UiState,
	journey: Journey,
	position: RuleBrowse,
): ChainFrame | undefined {
	// A chain of the other family: this packet never visited it.
	if (listedFamily(state) !== shownFamily(state)) return undefined;
	const chosen =
		state.browse?.visit === undefined
			? undefined
			: journey.rows[state.browse.visit];
	if (chosen?.kind === "visit") {
		return chosen.frame;
	}
	return lastVisit(journey, position.table, position.chain);
}

/** A chain of the session (iptables table name or nft table id), as the Rules pane lists it. */
export function chainListing(
	session: Session,
	state: UiState,
	table: string,
	chain: string,
): ChainListing {
	return listChain(session.context, table, chain, listedFamily(state));
}

export function selectedRule(
	session: Session,
	state: UiState,
	steps: readonly Step[],
): ListedRule | undefined {
	const position = rulesPosition(session, state, steps);
	return position
		? chainListing(session, state, position.table, position.chain).rule(
				position.row,
			)
		: undefined;
}

export const listDelta = (move: ListMove, page: number, total: number) =>
	({
		up: -1,
		down: 1,
		"page-up": -page,
		"page-down": page,
		home: -total,
		end: total,
	})[move];

export function listMove(
	session: Session,
	state: UiState,
	steps: readonly Step[],
	move: ListMove,
	page: number,
): UiState {
	if (
		state.overlay.kind === "conntrack" ||
		state.overlay.kind === "help" ||
		state.overlay.kind === "info"
	) {
		const scroll = Math.max(
			0,
			state.overlay.scroll + listDelta(move, page, 1e9),
		);
		return { ...state, overlay: { ...state.overlay, scroll } };
	}
	if (state.focus === "log") {
		const scroll = state.logScroll - listDelta(move, page, 1e9);
		return { ...state, logScroll: Math.max(0, scroll) };
	}
	if (state.focus === "path") {
		const journey = selectJourney(steps, state.cursor);
		const total = journey.rows.length;
		const from = state.pathRow ?? Math.max(0, journey.current);
		const pathRow = clamp(from + listDelta(move, page, total), 0, total - 1);
		return { ...state, pathRow };
	}
	const position = rulesPosition(session, state, steps);
	if (!position) {
		return state;
	}
	const total = chainListing(
		session,
		state,
		position.table,
		position.chain,
	).total;
	const delta = listDelta(move, page, total);
	const row = clamp(position.row + delta, 0, Math.max(0, total - 1));
	return { ...state, focus: "rules", browse: { ...position, row } };
}

/** Enter in the Path pane: the selected chain visit (or a hook's first) in the rules pane. */
export function openVisit(
	session: Session,
	state: UiState,
	steps: readonly Step[],
): UiState {
	const journey = selectJourney(steps, state.cursor);
	const row = state.pathRow ?? journey.current;
	const visit = visitAt(journey, row);
	if (!visit) {
		return {
			...state,
			message: "no chain on this row: choose a hook or a chain",
		};
	}
	const at = journey.rows.indexOf(visit);
	return {
		...state,
		focus: "rules",
		browse: {
			table: visit.table,
			chain: visit.chain,
			row: Math.max(
				0,
				frameRow(
					chainListing(session, state, visit.table, visit.chain),
					visit.frame,
				),
			),
			visit: at,
		},
		message: undefined,
	};
}

export function searchRules(
	session: Session,
	state: UiState,
	steps: readonly Step[],
): UiState {
	const query = state.search.text.toLowerCase();
	if (query === "") {
		return { ...state, overlay: { kind: "none" } };
	}
	const from = state.browse ? rulesPosition(session, state, steps) : undefined;
	const found = findRule(session.context, query, from, shownFamily(state));
	if (found) {
		return {
			...state,
			overlay: { kind: "none" },
			focus: "rules",
			browse: { table: found.table, chain: found.chain, row: found.row },
			message: `found in ${found.table} ${found.chain} rule ${found.name} (/ enter: next)`,
		};
	}
	return {
		...state,
		overlay: { kind: "none" },
		message: `no rule contains "${state.search.text}"`,
	};
}
