/**
 * The packet's journey: each hook, the chains visited under it (indented by
 * jump depth), the routing decisions and the fate. With focus, j/k select a
 * row and enter shows that chain's rules with this packet's marks.
 */
import { Text } from "ink";
import type { Family } from "../../engine/index.js";
import { Pane } from "../components/pane.js";
import { WindowedList } from "../components/windowed-list.js";
import { fitText } from "../lib/fit.js";
import { fateText } from "../lib/format.js";
import type { Theme } from "../lib/glyphs.js";
import type { Journey, JourneyRow } from "../state/journey.js";
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
	const clip = (text: string) => fitText(text, width, theme.glyphs.ellipsis);
	const g = theme.glyphs;
	const marker = `${current ? g.current : " "}${selected ? "*" : " "}`;
	switch (row.kind) {
		case "hook": {
			const devices = [row.inInterface, row.outInterface]
				.filter((d) => d !== "")
				.join(g.arrow);
			return (
				<Text wrap="truncate-end" bold inverse={selected}>
					{clip(`${marker}${row.hook}${devices === "" ? "" : ` ${devices}`}`)}
				</Text>
			);
		}
		case "visit":
			return (
				<Text wrap="truncate-end" bold={current} inverse={selected}>
					{clip(`${marker}${"  ".repeat(row.depth + 1)}${visitText(row)}`)}
				</Text>
			);
		case "routing":
			return (
				<Text wrap="truncate-end" dimColor inverse={selected}>
					{clip(`${marker}route: ${row.text}`)}
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
					{clip(`${marker}= ${fateText(row.fate, g)}`)}
				</Text>
			);
		default:
			return null;
	}
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
