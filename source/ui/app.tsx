/**
 * The explorer: one reducer, one `useInput`, panes computed from the trace
 * prefix at the cursor. Only visible rows render, so a 100,000-rule chain
 * scrolls as fast as a short one.
 */
import { Box, Text, useApp, useInput } from "ink";
import { useEffect, useMemo, useReducer } from "react";
import type { Session, UiEngine } from "./engine-port.js";
import { useTerminalSize } from "./hooks/use-terminal-size.js";
import { keymap } from "./keymap/keymap.js";
import type { Theme } from "./lib/glyphs.js";
import { computeLayout } from "./lib/layout.js";
import { ConntrackOverlay } from "./panes/conntrack-overlay.js";
import { HelpOverlay } from "./panes/help-overlay.js";
import { LogPane } from "./panes/log-pane.js";
import { PacketBuilder } from "./panes/packet-builder.js";
import { PacketPane } from "./panes/packet-pane.js";
import { PathPane } from "./panes/path-pane.js";
import { RuleDetail } from "./panes/rule-detail.js";
import { RuleList } from "./panes/rule-list.js";
import { StatusBar } from "./panes/status-bar.js";
import { hostAddresses } from "./state/builder-reducer.js";
import {
	chainRules,
	createInitialState,
	createReducer,
	rulesPosition,
	scopeOf,
} from "./state/reducer.js";
import {
	runResult,
	selectChain,
	selectLogLines,
	selectPacket,
	selectPath,
} from "./state/selectors.js";
import type { UiState } from "./state/state.js";

export type AppProps = {
	readonly engine: UiEngine;
	readonly session: Session;
	readonly theme: Theme;
};

export function App({ engine, session, theme }: AppProps) {
	const reducer = useMemo(
		() => createReducer(engine, session),
		[engine, session],
	);
	const [state, dispatch] = useReducer(reducer, undefined, () =>
		createInitialState(engine, session),
	);
	const { columns, rows } = useTerminalSize();
	const layout = computeLayout(columns, rows);
	const page = Math.max(1, layout.topHeight - 4);
	const { exit } = useApp();
	useInput((input, key) => dispatch({ type: "key", input, key, page }));
	useEffect(() => {
		if (state.quitting) {
			exit();
		}
	}, [state.quitting, exit]);
	const scope = scopeOf(state);
	return (
		<Box flexDirection="column" width={layout.columns} height={layout.rows}>
			<Header
				engine={engine}
				session={session}
				state={state}
				width={layout.columns}
			/>
			<Body
				engine={engine}
				session={session}
				state={state}
				theme={theme}
				layout={layout}
				dispatch={dispatch}
			/>
			{state.overlay.kind === "search" ? (
				<Text wrap="truncate-end">{`/${state.search.query}_   (enter: find, esc: cancel)`}</Text>
			) : (
				<StatusBar
					keymap={keymap}
					scope={scope}
					message={state.message}
					width={layout.columns}
				/>
			)}
		</Box>
	);
}

type PartProps = {
	readonly engine: UiEngine;
	readonly session: Session;
	readonly state: UiState;
};

function Header({
	engine,
	session,
	state,
	width,
}: PartProps & { readonly width: number }) {
	const run = state.run;
	// Host name and origin come from the bundle: escaped like all outside text.
	let text = engine.escapeTerminalText(
		`iptx  ${session.hostName}  (${session.origin})`,
	);
	if (run) {
		const steps = runResult(engine, session.context, run).trace.steps;
		const shown = steps.filter((s) => s.kind !== "trace-event");
		const at = steps
			.slice(0, state.cursor + 1)
			.filter((s) => s.kind !== "trace-event").length;
		text += `  packet ${run.id} (${run.origin})  step ${at}/${shown.length}`;
	}
	return (
		<Text wrap="truncate-end" bold>
			{text.slice(0, width)}
		</Text>
	);
}

type BodyProps = PartProps & {
	readonly theme: Theme;
	readonly layout: ReturnType<typeof computeLayout>;
	readonly dispatch: Parameters<typeof PacketBuilder>[0]["dispatch"];
};

function Body({ engine, session, state, theme, layout, dispatch }: BodyProps) {
	const result = state.run
		? runResult(engine, session.context, state.run)
		: undefined;
	const logLines = useLogLines(engine, session, state);
	const height = layout.overlayHeight;
	switch (state.overlay.kind) {
		case "help":
			return (
				<HelpOverlay
					keymap={keymap}
					scope={state.focus}
					height={height}
					width={layout.columns}
				/>
			);
		case "conntrack":
			return (
				<ConntrackOverlay
					entries={result ? engine.conntrackEntries(result.state) : []}
					scroll={state.overlay.scroll}
					height={height}
					width={layout.columns}
				/>
			);
		case "rule-detail": {
			const rule = session.context.ruleset.rulesById.get(state.overlay.ruleId);
			return rule ? (
				<RuleDetail
					rule={rule}
					escapeText={engine.escapeTerminalText}
					height={height}
					width={layout.columns}
				/>
			) : null;
		}
		case "builder":
			return (
				<PacketBuilder
					builder={state.builder}
					presets={session.presets}
					interfaces={session.context.host.host.interfaces
						.filter((i) => i.linkType !== "loopback")
						.map((i) => i.name)}
					dispatch={dispatch}
					height={height}
					width={layout.columns}
					marker={theme.glyphs.current}
					hostAddresses={hostAddresses(session)}
				/>
			);
		default:
			break;
	}
	if (!result) {
		return (
			<Box height={height}>
				<Text>No packet yet: press p to build one.</Text>
			</Box>
		);
	}
	const steps = result.trace.steps;
	const chain = selectChain(steps, state.cursor);
	const position = rulesPosition(state, steps);
	const table = position?.table ?? "filter";
	const chainName = position?.chain ?? "";
	const chainModel = session.context.ruleset.tables
		.get(table as "filter")
		?.chains.get(chainName);
	const frame =
		chain.frame &&
		chain.frame.table === table &&
		chain.frame.chain === chainName
			? chain.frame
			: undefined;
	const path = selectPath(steps, state.cursor);
	return (
		<Box flexDirection="column" height={height}>
			<Box flexDirection="row" height={layout.topHeight}>
				<PathPane
					rows={path}
					currentTable={chain.frame?.table}
					focused={state.focus === "path"}
					width={layout.pathWidth}
					height={layout.topHeight}
					theme={theme}
				/>
				<RuleList
					table={table}
					chain={chainName}
					rules={chainRules(session, table, chainName)}
					policy={chainModel?.builtin ? chainModel.policy : undefined}
					frame={frame}
					stack={state.browse ? [] : chain.stack}
					browseRow={state.browse?.row}
					focused={state.focus === "rules"}
					width={layout.rulesWidth}
					height={layout.topHeight}
					theme={theme}
					escapeText={engine.escapeTerminalText}
				/>
			</Box>
			<PacketPane
				view={selectPacket(result.trace, state.cursor)}
				formatPacket={(p, m) =>
					engine
						.escapeTerminalText(engine.formatPacketShort(p, m))
						.replaceAll("→", theme.glyphs.arrow)
				}
				focused={state.focus === "packet"}
				width={layout.columns}
				height={layout.packetHeight}
				theme={theme}
			/>
			<LogPane
				lines={logLines}
				scroll={state.logScroll}
				focused={state.focus === "log"}
				width={layout.columns}
				height={layout.logHeight}
				theme={theme}
			/>
		</Box>
	);
}

/** LOG lines of earlier packets plus the current one up to the cursor, in messages form. */
function useLogLines(
	engine: UiEngine,
	session: Session,
	state: UiState,
): readonly string[] {
	const { history, run, cursor } = state;
	return useMemo(() => {
		const lines: string[] = [];
		const add = (time: number, line: string) =>
			lines.push(
				engine.escapeTerminalText(
					engine.formatMessagesLine(
						line,
						session.clock + time,
						session.hostName,
					),
				),
			);
		for (const past of history) {
			for (const line of runResult(engine, session.context, past).trace.logs) {
				add(past.input.meta.time, line);
			}
		}
		if (run) {
			for (const line of selectLogLines(
				runResult(engine, session.context, run).trace.steps,
				cursor,
			)) {
				add(run.input.meta.time, line);
			}
		}
		return lines;
	}, [engine, session, history, run, cursor]);
}
