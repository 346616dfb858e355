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
};

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
			{count === 0 ? <Text>(no elements)</Text> : null}
			<WindowedList
				total={count}
				selected={selected}
				height={Math.max(1, props.height - 2)}
				renderRow={(index) => (
					<Text key={index} wrap="truncate-end" inverse={index === selected}>
						{fitText(
							`${index === selected ? glyphs.current : " "} ${props.escapeText(props.printElement(index))}`,
							width,
							glyphs.ellipsis,
						)}
					</Text>
				)}
			/>
		</Box>
	);
}
