/**
 * `t` lists the host's x_tables of both families (issue #11): the
 * ip6tables chains beside the iptables ones, and opening one while an IPv4
 * packet is shown lists the ip6tables rules, without the packet's marks.
 */
import { expect, test } from "vitest";
import { engineAdapter } from "../../source/ui/engine-adapter.js";
import type { Action } from "../../source/ui/state/actions.js";
import { chainListing, shownFrame } from "../../source/ui/state/browse.js";
import { selectJourney } from "../../source/ui/state/journey.js";
import {
	createInitialState,
	createReducer,
} from "../../source/ui/state/reducer.js";
import {
	outlineText,
	rulesetOutline,
} from "../../source/ui/state/ruleset-outline.js";
import { runResult } from "../../source/ui/state/selectors.js";
import type { UiState } from "../../source/ui/state/state.js";
import { dualStackSession } from "./helpers/dual-stack-session.js";

const session = dualStackSession([
	"tcp 10.0.2.3:45000 > 10.0.2.15:8080 in eth0 syn",
]);
const reducer = createReducer(engineAdapter, session);
const send = (state: UiState, ...actions: Action[]) =>
	actions.reduce(reducer, state);

test("the tables list has ip6tables' tables after iptables'", () => {
	const tables = rulesetOutline(session.context)
		.filter((row) => row.kind === "table")
		.map(outlineText);
	expect(tables).toEqual([
		"iptables table nat",
		"iptables table filter",
		"iptables table raw",
		"ip6tables table nat",
		"ip6tables table filter",
		"ip6tables table raw",
	]);
});

test("an ip6tables chain opened beside an IPv4 packet lists IPv6 rules, unmarked", () => {
	const rows = rulesetOutline(session.context);
	const at = rows.findIndex(
		(row) =>
			row.kind === "chain" &&
			row.family === "ipv6" &&
			row.table === "nat" &&
			row.chain === "DOCKER",
	);
	const started = send(
		createInitialState(engineAdapter, session),
		{ type: "cursor", move: "run-to-end" },
		{ type: "open-tables" },
	);
	const state = send(
		{ ...started, overlay: { kind: "tables", row: at } },
		{ type: "open-outline-row" },
	);
	expect(state.browse).toMatchObject({
		table: "nat",
		chain: "DOCKER",
		family: "ipv6",
	});
	const listing = chainListing(session, state, "nat", "DOCKER");
	expect(listing.rule(1)?.text).toContain("[fd00:17::2]:80");
	const steps = state.run
		? runResult(engineAdapter, session.context, state.run).trace.steps
		: [];
	const journey = selectJourney(steps, state.cursor);
	// The IPv4 packet visited iptables' nat DOCKER, not this one.
	expect(
		shownFrame(
			state,
			journey,
			state.browse ?? { table: "", chain: "", row: 0 },
		),
	).toBeUndefined();
});
