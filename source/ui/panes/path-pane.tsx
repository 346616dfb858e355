/** The hooks the packet has passed, with their tables and the routing decisions between them. */
import { Text } from "ink";
import { Pane } from "../components/pane.js";
import { fateText } from "../lib/format.js";
import type { Theme } from "../lib/glyphs.js";
import type { PathRow } from "../state/selectors.js";

export type PathPaneProps = {
	readonly rows: readonly PathRow[];
	/** The table being evaluated now (marked in the last hook's row). */
	readonly currentTable: string | undefined;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

export function PathPane({
	rows,
	currentTable,
	focused,
	width,
	height,
	theme,
}: PathPaneProps) {
	const g = theme.glyphs;
	const lastHook = rows.findLastIndex((row) => row.kind === "hook");
	const visible = rows.slice(Math.max(0, rows.length - (height - 1)));
	const offset = rows.length - visible.length;
	return (
		<Pane
			title="Path"
			focused={focused}
			width={width}
			height={height}
			theme={theme}
		>
			{visible.map((row, i) => {
				const index = offset + i;
				const key = `${index}`;
				switch (row.kind) {
					case "hook": {
						const current = index === lastHook;
						const tables = row.tables
							.map((table) =>
								current && table === currentTable && row.tables.at(-1) === table
									? `[${table}]`
									: table,
							)
							.join(` ${g.arrow} `);
						return (
							<Text key={key} wrap="truncate-end" bold={current}>
								{`${current ? g.current : " "} ${row.hook} ${tables}`}
							</Text>
						);
					}
					case "routing":
						return (
							<Text key={key} wrap="truncate-end" dimColor>
								{`   route: ${row.text}`}
							</Text>
						);
					case "fate":
						return (
							<Text
								key={key}
								wrap="wrap"
								bold
								{...(theme.color
									? {
											color:
												row.fate.kind === "dropped" ||
												row.fate.kind === "rejected"
													? "red"
													: "green",
										}
									: {})}
							>
								{`= ${fateText(row.fate, g)}`}
							</Text>
						);
					default:
						return null;
				}
			})}
		</Pane>
	);
}
