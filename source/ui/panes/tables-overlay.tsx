/**
 * `t`: the host's tables, iptables and nftables together, with each chain
 * (a base chain's hook, priority and policy) and each nft set and map. Only
 * the rows in view are turned into text. Enter opens the chosen row.
 */
import { Box, Text } from "ink";
import { WindowedList } from "../components/windowed-list.js";
import { fitText } from "../lib/fit.js";
import type { Glyphs } from "../lib/glyphs.js";
import { type OutlineRow, outlineText } from "../state/ruleset-outline.js";

export type TablesOverlayProps = {
	readonly rows: readonly OutlineRow[];
	readonly selected: number;
	readonly height: number;
	readonly width: number;
	readonly glyphs: Glyphs;
	readonly escapeText: (text: string) => string;
};

export function TablesOverlay(props: TablesOverlayProps) {
	const { rows, selected, width, glyphs } = props;
	const room = Math.max(1, props.height - 1);
	const count = (language: string) =>
		rows.filter((row) => row.kind === "table" && row.language === language)
			.length;
	const xt6 = count("ip6tables");
	const families = `${count("iptables")} iptables, ${xt6 > 0 ? `${xt6} ip6tables, ` : ""}${count("nft")} nft`;
	const title = ` Tables: ${families} (row ${Math.min(selected + 1, rows.length)}/${rows.length}; enter opens, esc closes) `;
	return (
		<Box
			flexDirection="column"
			height={props.height}
			width={width}
			overflow="hidden"
		>
			<Text bold inverse>
				{fitText(title, width, glyphs.ellipsis)}
			</Text>
			{rows.length === 0 ? <Text>(no tables)</Text> : null}
			<WindowedList
				total={rows.length}
				selected={selected}
				height={room}
				renderRow={(index) => {
					const row = rows[index] as OutlineRow;
					const chosen = index === selected;
					return (
						<Text
							key={index}
							wrap="truncate-end"
							inverse={chosen}
							bold={row.kind === "table"}
						>
							{fitText(
								`${chosen ? glyphs.current : " "}${props.escapeText(outlineText(row))}`,
								width,
								glyphs.ellipsis,
							)}
						</Text>
					);
				}}
			/>
		</Box>
	);
}
