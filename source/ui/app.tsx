/**
 * The explorer: one reducer, one `useInput`, panes computed from the trace
 * prefix at the cursor. Only visible rows render, so a 100,000-rule chain
 * scrolls as fast as a short one. The frame stays one row short of the
 * terminal so Ink rewrites only the lines a key changed.
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
			{state.overlay.kind === "search" ? (
				<Text wrap="truncate-end">
					{fitText(
						`/${showCaret(state.search)}   (enter: find, esc: cancel)`,
						layout.columns,
						g.ellipsis,
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
