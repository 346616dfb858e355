/**
 * The packet's journey: each hook, the chains visited under it (indented by
 * jump depth), the routing decisions and the fate. With focus, j/k select a
 * row and enter shows that chain's rules with this packet's marks.
 */
import { Text } from "ink";
import type { Family, Step } from "../../engine/index.js";
import { Pane } from "../components/pane.js";
import { WindowedList } from "../components/windowed-list.js";
import { fitText } from "../lib/fit.js";
import { fateText } from "../lib/format.js";
import type { Glyphs, Theme } from "../lib/glyphs.js";
import { assertNever } from "../state/builder.js";
import {
	type Journey,
	type JourneyRow,
	selectJourney,
} from "../state/journey.js";
import { splitNftTableId } from "../state/nft-listing.js";

export type PathPaneProps = {
	readonly journey: Journey;
	/** The packet's family, in the title: which stack (and which tables) it goes through. */
	readonly family: Family;
	/** Row the user selected, or undefined when following the packet. */
	readonly selected: number | undefined;
	/** Row whose chain the rules pane shows (marked `*` while nothing is selected). */
	readonly shown: number | undefined;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

export function PathPane(props: PathPaneProps) {
	const { journey, selected, theme, family } = props;
	const rows = journey.rows;
	const follow = selected ?? Math.max(journey.current, rows.length - 1);
	return (
		<Pane
			title={family === "ipv6" ? "Path IPv6" : "Path IPv4"}
			focused={props.focused}
			width={props.width}
			height={props.height}
			theme={theme}
		>
			<WindowedList
				total={rows.length}
				selected={follow}
				height={Math.max(1, props.height - 1)}
				renderRow={(index) => (
					<PathRow
						key={index}
						row={rows[index] as JourneyRow}
						current={index === journey.current}
						selected={
							selected === undefined
								? index === props.shown
								: index === selected
						}
						theme={theme}
						width={props.width}
					/>
				)}
			/>
		</Pane>
	);
}

type PathRowProps = {
	readonly row: JourneyRow;
	readonly current: boolean;
	/** The user's row (`*`, inverse): selected, or the chain the rules pane shows. */
	readonly selected: boolean;
	readonly theme: Theme;
	readonly width: number;
};

function PathRow({ row, current, selected, theme, width }: PathRowProps) {
	const g = theme.glyphs;
	const marker = `${current ? g.current : " "}${selected ? "*" : " "}`;
	const text = fitText(
		`${marker}${pathRowText(row, g)}`,
		width,
		theme.glyphs.ellipsis,
	);
	switch (row.kind) {
		case "hook":
			return (
				<Text wrap="truncate-end" bold inverse={selected}>
					{text}
				</Text>
			);
		case "visit":
			return (
				<Text wrap="truncate-end" bold={current} inverse={selected}>
					{text}
				</Text>
			);
		case "routing":
			return (
				<Text wrap="truncate-end" dimColor inverse={selected}>
					{text}
				</Text>
			);
		case "fate":
			return (
				<Text
					wrap="truncate-end"
					bold
					inverse={selected}
					{...(theme.color
						? {
								color:
									row.fate.kind === "dropped" || row.fate.kind === "rejected"
										? "red"
										: "green",
							}
						: {})}
				>
					{text}
				</Text>
			);
		default:
			return assertNever(row);
	}
}

/** A row's text after its two marker columns (the width measure uses it too). */
export function pathRowText(row: JourneyRow, g: Glyphs): string {
	switch (row.kind) {
		case "hook": {
			const devices = [row.inInterface, row.outInterface]
				.filter((d) => d !== "")
				.join(g.arrow);
			return `${row.hook}${devices === "" ? "" : ` ${devices}`}`;
		}
		case "visit":
			return `${"  ".repeat(row.depth + 1)}${visitText(row)}`;
		case "routing":
			return `route: ${row.text}`;
		case "fate":
			return `= ${fateText(row.fate, g)}`;
		default:
			return assertNever(row);
	}
}

const widths = new WeakMap<readonly Step[], number>();

/**
 * Columns the Path pane needs to show every row of a trace whole: the two
 * marker columns, the longest row and the separator. Measured on the whole
 * trace, so the pane does not change width while stepping.
 */
export function pathWidthNeeded(steps: readonly Step[], g: Glyphs): number {
	const known = widths.get(steps);
	if (known !== undefined) return known;
	let longest = 0;
	for (const row of selectJourney(steps, steps.length - 1).rows)
		longest = Math.max(longest, [...pathRowText(row, g)].length);
	const need = longest + 3;
	widths.set(steps, need);
	return need;
}

/**
 * `nat DOCKER`; an nft base chain with the priority it runs at, first so
 * the order of a hook's chains reads down the pane, then its table (cut
 * first when the pane is narrow: `-300 raw-PREROUTING (ip docker-bridges)`);
 * a chain an nft rule jumped to by its name alone (it is in the same table).
 */
function visitText(row: Extract<JourneyRow, { kind: "visit" }>): string {
	if (splitNftTableId(row.table) === undefined) {
		return `${row.table} ${row.chain}`;
	}
	const entry = row.frame.entry;
	if (row.depth > 0 || entry === undefined) return row.chain;
	return `${entry.priority} ${row.chain} (${row.table})`;
}
