/** Everything between the header and the footer: an overlay, or the four panes. */
import { Box, Text } from "ink";
import type { Dispatch } from "react";
import { type NftExpr, printNftSetElement } from "../engine/index.js";
import type { Session, UiEngine } from "./engine-port.js";
import { useLogLines } from "./hooks/use-log-lines.js";
import { keymap } from "./keymap/keymap.js";
import type { Theme } from "./lib/glyphs.js";
import { type Layout, widenPath } from "./lib/layout.js";
import { ConntrackOverlay } from "./panes/conntrack-overlay.js";
import { HelpOverlay } from "./panes/help-overlay.js";
import { InfoOverlay } from "./panes/info-overlay.js";
import { LogPane } from "./panes/log-pane.js";
import { PacketBuilder } from "./panes/packet-builder.js";
import { PacketPane } from "./panes/packet-pane.js";
import { PathPane, pathWidthNeeded } from "./panes/path-pane.js";
import { RuleDetail } from "./panes/rule-detail.js";
import { RuleList } from "./panes/rule-list.js";
import { SetView } from "./panes/set-view.js";
import { TablesOverlay } from "./panes/tables-overlay.js";
import type { Action } from "./state/actions.js";
import { chainListing, rulesPosition, shownFrame } from "./state/browse.js";
import { hostAddresses } from "./state/builder-reducer.js";
import { listedFamily, shownFamily } from "./state/family.js";
import { selectJourney } from "./state/journey.js";
import { rulesetOutline } from "./state/ruleset-outline.js";
import { runResult, selectPacket } from "./state/selectors.js";
import { setHits } from "./state/set-hits.js";
import type { UiState } from "./state/state.js";
import { findNftSet } from "./state/tables-reducer.js";

export type BodyProps = {
	readonly engine: UiEngine;
	readonly session: Session;
	readonly state: UiState;
	readonly theme: Theme;
	readonly layout: Layout;
	readonly dispatch: Dispatch<Action>;
};

export function Body(props: BodyProps) {
	const { engine, session, state, layout } = props;
	const height = layout.overlayHeight;
	const width = layout.columns;
	switch (state.overlay.kind) {
		case "help":
			return (
				<HelpOverlay
					keymap={keymap}
					scope={state.focus}
					scroll={state.overlay.scroll}
					height={height}
					width={width}
					glyphs={props.theme.glyphs}
				/>
			);
		case "info":
			return (
				<InfoOverlay
					session={session}
					scroll={state.overlay.scroll}
					height={height}
					width={width}
					glyphs={props.theme.glyphs}
					escapeText={engine.escapeTerminalText}
				/>
			);
		case "conntrack": {
			const result = state.run
				? runResult(engine, session.context, state.run)
				: undefined;
			return (
				<ConntrackOverlay
					entries={result ? engine.conntrackEntries(result.state) : []}
					scroll={state.overlay.scroll}
					height={height}
					width={width}
					glyphs={props.theme.glyphs}
				/>
			);
		}
		case "rule-detail": {
			const { table, chain, row } = state.overlay;
			const listing = chainListing(session, state, table, chain);
			const rule = listing.rule(row);
			return rule ? (
				<RuleDetail
					rule={rule}
					chainTitle={listing.title}
					name={
						listing.language === "nft" && listing.markLabel !== "#"
							? `handle ${rule.mark}`
							: `rule ${rule.mark}`
					}
					escapeText={engine.escapeTerminalText}
					height={height}
					width={width}
				/>
			) : null;
		}
		case "tables":
			return (
				<TablesOverlay
					rows={rulesetOutline(session.context)}
					selected={state.overlay.row}
					height={height}
					width={width}
					glyphs={props.theme.glyphs}
					escapeText={engine.escapeTerminalText}
				/>
			);
		case "set": {
			const set = findNftSet(session, state.overlay.table, state.overlay.set);
			return set ? (
				<SetView
					table={state.overlay.table}
					set={set}
					selected={state.overlay.row}
					printElement={(index) =>
						printNftSetElement(set.elements[index] as NftExpr, set)
					}
					height={height}
					width={width}
					glyphs={props.theme.glyphs}
					escapeText={engine.escapeTerminalText}
					{...(state.run
						? {
								hits: setHits(
									runResult(engine, session.context, state.run).trace.steps,
									state.cursor,
									state.overlay.table,
									set,
								),
							}
						: {})}
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
					dispatch={props.dispatch}
					height={height}
					width={width}
					glyphs={props.theme.glyphs}
					hostAddresses={hostAddresses(session)}
				/>
			);
		default:
			return <Panes {...props} />;
	}
}

function Panes({ engine, session, state, theme, ...props }: BodyProps) {
	const logLines = useLogLines(engine, session, state);
	const height = props.layout.overlayHeight;
	const noPacket = (
		<Box height={height}>
			<Text>No packet yet: press p to build one, t to browse the tables.</Text>
		</Box>
	);
	// Without a packet the Rules pane still shows a chain chosen with t or /.
	if (!state.run && !state.browse) return noPacket;
	const trace = state.run
		? runResult(engine, session.context, state.run).trace
		: undefined;
	const steps = trace?.steps ?? [];
	const layout = widenPath(props.layout, pathWidthNeeded(steps, theme.glyphs));
	const journey = selectJourney(steps, state.cursor);
	const chain = journey.chain;
	const position = rulesPosition(session, state, steps);
	const listing = position
		? chainListing(session, state, position.table, position.chain)
		: undefined;
	const frame = position
		? state.browse
			? shownFrame(state, journey, position)
			: chain.frame
		: undefined;
	return (
		<Box flexDirection="column" height={height}>
			<Box flexDirection="row" height={layout.topHeight}>
				<PathPane
					journey={journey}
					family={shownFamily(state)}
					selected={state.pathRow}
					shown={state.browse?.visit}
					focused={state.focus === "path"}
					width={layout.pathWidth}
					height={layout.topHeight}
					theme={theme}
				/>
				<RuleList
					listing={listing}
					family={listedFamily(state)}
					frame={frame}
					following={state.browse === undefined}
					stack={state.browse ? [] : chain.stack}
					browseRow={state.browse?.row}
					focused={state.focus === "rules"}
					width={layout.rulesWidth}
					height={layout.topHeight}
					theme={theme}
					escapeText={engine.escapeTerminalText}
					{...(position
						? {
								findSet: (name: string) =>
									findNftSet(session, position.table, name),
							}
						: {})}
				/>
			</Box>
			{trace === undefined ? (
				<Box height={layout.packetHeight}>
					<Text>No packet yet: press p to build one.</Text>
				</Box>
			) : (
				<PacketPane
					view={selectPacket(trace, state.cursor)}
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
			)}
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
