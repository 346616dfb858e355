import { describe, expect, test } from "vitest";
import {
	fakeEngine,
	fakeSession,
} from "../../../test/ui/fixtures/fake-engine.js";
import type { Action } from "./actions.js";
import { selectChain } from "./chain-frames.js";
import { createInitialState, createReducer } from "./reducer.js";
import { runResult, selectPacket } from "./selectors.js";
import type { UiState } from "./state.js";

const session = fakeSession();
const reducer = createReducer(fakeEngine, session);
const start = () => createInitialState(fakeEngine, session);
const key = (input: string, extra: Record<string, boolean> = {}): Action => ({
	type: "key",
	input,
	key: extra,
	page: 5,
});
const run = (state: UiState, ...actions: Action[]) =>
	actions.reduce(reducer, state);
const trace = (state: UiState) =>
	runResult(
		fakeEngine,
		session.context,
		state.run as NonNullable<UiState["run"]>,
	).trace;

describe("reducer", () => {
	test("starts at the first step of the first preset", () => {
		const state = start();
		expect(state.run?.origin).toBe("preset");
		expect(state.cursor).toBe(0);
	});

	test("n steps forward over TRACE events, b steps back", () => {
		let state = start();
		const seen: string[] = [];
		for (let i = 0; i < 6; i++) {
			state = reducer(state, key("n"));
			seen.push(trace(state).steps[state.cursor]?.kind ?? "");
		}
		expect(seen).toEqual([
			"conntrack",
			"table",
			"chain",
			"rule",
			"target",
			"chain",
		]);
		state = reducer(state, key("b"));
		expect(trace(state).steps[state.cursor]?.kind).toBe("target");
	});

	test("enter runs to the fate, r restarts", () => {
		let state = run(start(), key("", { return: true }));
		expect(trace(state).steps[state.cursor]?.kind).toBe("fate");
		state = reducer(state, key("r"));
		expect(state.cursor).toBe(0);
	});

	test("the DNAT rewrite shows in the packet view once reached", () => {
		let state = start();
		while (selectPacket(trace(state), state.cursor).rewrites.length === 0) {
			state = reducer(state, key("n"));
		}
		const chain = selectChain(trace(state).steps, state.cursor);
		expect(chain.frame?.chain).toBe("DOCKER");
		expect(chain.frame?.results.get(1)?.failed).toContain("--dport 1000");
		expect(chain.stack).toEqual(["nat PREROUTING", "nat DOCKER"]);
	});

	test("R sends the reply with the conntrack state the first packet left", () => {
		const state = run(
			start(),
			key("", { return: true }),
			key("R", { shift: true }),
		);
		expect(state.run?.origin).toBe("reply");
		expect(state.runs).toHaveLength(2);
		expect(fakeEngine.conntrackEntries(state.run?.before ?? {})).toHaveLength(
			1,
		);
		expect(state.run?.input.meta.time).toBe(1);
	});

	test("R on a packet without reply says so", () => {
		const state = run(start(), key("R"), key("R"));
		expect(state.message).toContain("no reply");
	});

	test("tab cycles panes; arrows in the rules pane browse, esc follows again", () => {
		let state = run(start(), key("", { tab: true }));
		expect(state.focus).toBe("packet");
		state = run(
			state,
			key("", { tab: true, shift: true }),
			key("", { return: true }),
			key("", { upArrow: true }),
		);
		expect(state.browse).toEqual({
			table: "nat",
			chain: "POSTROUTING",
			row: 0,
		});
		state = run(state, key("", { escape: true }));
		expect(state.browse).toBeUndefined();
	});

	test("/ searches rule text and jumps to the chain", () => {
		const state = run(
			start(),
			key("/"),
			key("1"),
			key("0"),
			key("0"),
			key("2"),
			key("", { return: true }),
		);
		expect(state.overlay.kind).toBe("none");
		expect(state.browse).toEqual({ table: "nat", chain: "DOCKER", row: 1 });
		const miss = run(
			start(),
			key("/"),
			key("z"),
			key("z"),
			key("", { return: true }),
		);
		expect(miss.message).toContain("no rule contains");
	});

	test.each([
		["?", "help"],
		["c", "conntrack"],
		["p", "builder"],
	])("%s opens the %s overlay and esc closes it", (input, kind) => {
		const state = run(start(), key(input));
		expect(state.overlay.kind).toBe(kind);
		expect(reducer(state, key("", { escape: true })).overlay.kind).toBe("none");
	});

	test("q quits", () => {
		expect(reducer(start(), key("q")).quitting).toBe(true);
	});
});

describe("packet builder", () => {
	const open = () => run(start(), key("p"));

	test("opens with the current packet's fields", () => {
		const { values } = open().builder;
		expect(values).toMatchObject({
			protocol: "tcp",
			src: "10.0.2.3",
			sport: "45000",
			dst: "10.0.2.15",
			dport: "1002",
			iface: "eth0",
			flags: "syn",
		});
	});

	test("ctrl+n offers this host's addresses in the source and dest fields", () => {
		const host = session.context.host.host;
		const withAddresses = {
			...session,
			context: {
				...session.context,
				host: {
					...session.context.host,
					host: {
						...host,
						interfaces: host.interfaces.map((i) =>
							i.name === "eth0"
								? {
										...i,
										addresses: [
											{
												address: 0x0a00020f,
												prefixLength: 24,
												scope: "global" as const,
												secondary: false,
											},
										],
									}
								: i.name === "docker0"
									? {
											...i,
											addresses: [
												{
													address: 0xac110001,
													prefixLength: 16,
													scope: "global" as const,
													secondary: false,
												},
											],
										}
									: i,
						),
					},
				},
			},
		};
		const step = createReducer(fakeEngine, withAddresses);
		const go = (state: UiState, ...actions: Action[]) =>
			actions.reduce(step, state);
		let state = go(
			start(),
			key("p"),
			key("", { tab: true }),
			key("", { tab: true }),
			key("", { tab: true }),
		);
		expect(state.builder.field).toBe("dst");
		state = go(state, key("n", { ctrl: true }));
		expect(state.builder.values.dst).toBe("172.17.0.1");
		state = go(state, key("n", { ctrl: true }));
		expect(state.builder.values.dst).toBe("10.0.2.15");
	});

	test("typing edits the focused text field; a bad address is reported, not thrown", () => {
		let state = run(open(), key("", { tab: true }));
		expect(state.builder.field).toBe("src");
		state = run(
			state,
			...Array.from({ length: 8 }, () => key("", { backspace: true })),
			key("x"),
		);
		expect(state.builder.values.src).toBe("x");
		state = reducer(state, key("", { return: true }));
		expect(state.overlay.kind).toBe("builder");
		expect(state.builder.error).toContain("src");
	});

	test("a pasted log line fills the fields", () => {
		let state = open();
		state = run(state, key("", { tab: true, shift: true }));
		expect(state.builder.field).toBe("paste");
		state = reducer(
			state,
			key("udp 172.17.0.2:60692 > 10.0.2.3:53 in docker0"),
		);
		expect(state.builder.values).toMatchObject({
			protocol: "udp",
			src: "172.17.0.2",
			dport: "53",
			iface: "docker0",
		});
	});

	test("enter sends the composed packet as a new run", () => {
		const state = run(open(), key("", { return: true }));
		expect(state.overlay.kind).toBe("none");
		expect(state.run?.origin).toBe("builder");
		expect(state.runs).toHaveLength(2);
	});
});
