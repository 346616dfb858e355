/**
 * The explorer: one reducer, one `useInput`, panes computed from the trace
 * prefix at the cursor. Only visible rows render, so a 100,000-rule chain
 * scrolls as fast as a short one. The frame is the terminal's size.
 */
import { Box, Text, useApp, useInput } from "ink";
import { useEffect, useMemo, useReducer } from "react";
import { Body } from "./body.js";
import type { Session, UiEngine } from "./engine-port.js";
import { useTerminalSize } from "./hooks/use-terminal-size.js";
import { keymap } from "./keymap/keymap.js";
import { splitKeys } from "./keymap/split-keys.js";
import { fitText } from "./lib/fit.js";
import type { Theme } from "./lib/glyphs.js";
import { computeLayout, minimumSize } from "./lib/layout.js";
import { showCaret } from "./lib/line-edit.js";
import { Header } from "./panes/header.js";
import { StatusBar } from "./panes/status-bar.js";
import { createInitialState, createReducer, scopeOf } from "./state/reducer.js";

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
	useInput((input, key) => {
		for (const one of splitKeys(input, key)) {
			dispatch({ type: "key", input: one.input, key: one.key, page });
		}
	});
	useEffect(() => {
		if (state.quitting) {
			exit();
		}
	}, [state.quitting, exit]);
	const request = state.saveRequest;
	useEffect(() => {
		if (!request) return;
		const lines = request.text === "" ? 0 : request.text.split("\n").length - 1;
		const error = session.writeNewFile?.(request.path, request.text);
		dispatch({
			type: "saved",
			message:
				error === undefined
					? `wrote ${lines} log lines to ${request.path}`
					: `cannot write ${request.path}: ${error}`,
		});
	}, [request, session]);
	if (layout.tooSmall) {
		const times = theme.glyphs.unicode ? "×" : "x";
		const need = `terminal too small (need ${minimumSize.columns}${times}${minimumSize.rows}); q quits`;
		return (
			<Text wrap="wrap">
				{fitText(need, columns * 2, theme.glyphs.ellipsis)}
			</Text>
		);
	}
	const g = theme.glyphs;
	return (
		<Box flexDirection="column" width={layout.columns} height={layout.rows}>
			<Header
				engine={engine}
				session={session}
				state={state}
				width={layout.columns}
				glyphs={g}
			/>
			<Body
				engine={engine}
				session={session}
				state={state}
				theme={theme}
				layout={layout}
				dispatch={dispatch}
			/>
			{state.overlay.kind === "search" || state.overlay.kind === "save-log" ? (
				<Text wrap="truncate-end">
					{fitText(
						state.overlay.kind === "search"
							? `/${showCaret(state.search)}   (enter: find, esc: cancel)`
							: `write the log to: ${showCaret(state.overlay.line)}   (enter: write, esc: cancel)`,
						layout.columns,
						g.ellipsis,
						"start",
					)}
				</Text>
			) : (
				<StatusBar
					keymap={keymap}
					scope={scopeOf(state)}
					message={state.message}
					width={layout.columns}
					glyphs={g}
				/>
			)}
		</Box>
	);
}
