/**
 * One nft set or map: its type and flags, then its elements one per row, as
 * `nft list set` prints them. A kube-proxy map holds thousands: only the
 * rows in view are printed.
 */
import { Box, Text } from "ink";
import type { NftSet } from "../../engine/index.js";
import { WindowedList } from "../components/windowed-list.js";
import { fitText } from "../lib/fit.js";
import type { Glyphs } from "../lib/glyphs.js";
import type { SetHits } from "../state/set-hits.js";

export type SetViewProps = {
	/** The table's id (`inet filter`). */
	readonly table: string;
	readonly set: NftSet;
	readonly selected: number;
	readonly printElement: (index: number) => string;
	readonly height: number;
	readonly width: number;
	readonly glyphs: Glyphs;
	readonly escapeText: (text: string) => string;
	/** The elements this packet matched up to the cursor (marked), or undefined without a packet. */
	readonly hits?: SetHits;
};

/** The line under the type: what the packet's lookups found. */
function hitsText(hits: SetHits | undefined, matched: string): string {
	if (hits === undefined) return "";
	if (hits.lookups === 0)
		return "not looked up by this packet (up to this step)";
	if (hits.rows.size === 0) return "this packet's key is in no element";
	return `${matched} marks the element this packet matched`;
}

export function SetView(props: SetViewProps) {
	const { set, selected, width, glyphs } = props;
	const count = set.elements.length;
	const type = set.isMap
		? `${set.keyType} : ${set.dataType ?? ""}`
		: set.keyType;
	const flags = set.flags.length > 0 ? `, flags ${set.flags.join(",")}` : "";
	const title = ` ${set.isMap ? "map" : "set"} ${props.table} ${set.name}: ${count} element${count === 1 ? "" : "s"} (esc: back) `;
	return (
		<Box
			flexDirection="column"
			height={props.height}
			width={width}
			overflow="hidden"
		>
			<Text bold inverse>
				{fitText(props.escapeText(title), width, glyphs.ellipsis)}
			</Text>
			<Text wrap="truncate-end" dimColor>
				{fitText(
					props.escapeText(
						`type ${type}${flags}${set.comment === undefined ? "" : `  comment "${set.comment}"`}`,
					),
					width,
					glyphs.ellipsis,
				)}
			</Text>
			<Text wrap="truncate-end" dimColor>
				{fitText(hitsText(props.hits, glyphs.matched), width, glyphs.ellipsis)}
			</Text>
			{count === 0 ? <Text>(no elements)</Text> : null}
			<WindowedList
				total={count}
				selected={selected}
				height={Math.max(1, props.height - 3)}
				renderRow={(index) => (
					<Text
						key={index}
						wrap="truncate-end"
						inverse={index === selected}
						bold={props.hits?.rows.has(index) === true}
					>
						{fitText(
							`${index === selected ? glyphs.current : " "}${props.hits?.rows.has(index) ? glyphs.matched : " "} ${props.escapeText(props.printElement(index))}`,
							width,
							glyphs.ellipsis,
						)}
					</Text>
				)}
			/>
		</Box>
	);
}
