/**
 * `p`: build a packet field by field. Lists (preset, protocol, interface) use
 * ink-select-input; the other fields are typed. Each invalid field shows its
 * message beside it; enter sends the packet.
 */
import { Box, Text } from "ink";
import SelectInput from "ink-select-input";
import type { Dispatch, ReactNode } from "react";
import { fitText } from "../lib/fit.js";
import type { Glyphs } from "../lib/glyphs.js";
import { showCaret } from "../lib/line-edit.js";
import type { Action } from "../state/actions.js";
import {
	type BuilderFieldId,
	type BuilderState,
	builderFieldIds,
	builderLabels,
	fieldApplies,
	localIface,
	protocols,
	validateField,
} from "../state/builder.js";

export type PacketBuilderProps = {
	readonly builder: BuilderState;
	readonly presets: readonly string[];
	/** Interfaces a packet can arrive on (the host's, without `lo`). */
	readonly interfaces: readonly string[];
	readonly dispatch: Dispatch<Action>;
	readonly height: number;
	readonly width: number;
	/** The theme's glyphs: the list marker (`>`, shows in ASCII too) and the ellipsis. */
	readonly glyphs: Glyphs;
	/** This host's addresses, offered for the source and dest fields. */
	readonly hostAddresses: readonly string[];
};

type Item = { readonly label: string; readonly value: string };

export function selectItems(
	field: BuilderFieldId,
	presets: readonly string[],
	interfaces: readonly string[],
): readonly Item[] {
	switch (field) {
		case "preset":
			return presets.map((p) => ({ label: p, value: p }));
		case "protocol":
			return protocols.map((p) => ({ label: p, value: p }));
		case "iface":
			return [
				...interfaces.map((i) => ({ label: i, value: i })),
				{ label: "locally generated", value: localIface },
			];
		default:
			return [];
	}
}

export function PacketBuilder(props: PacketBuilderProps) {
	const { builder, presets, interfaces, height, width, glyphs } = props;
	const rows: { key: string; node: ReactNode; height: number }[] = [];
	let focusedRow = 0;
	for (const id of builderFieldIds) {
		const focused = builder.field === id;
		const items = selectItems(id, presets, interfaces);
		if (focused) focusedRow = rows.length;
		rows.push({
			key: id,
			height: 1,
			node: (
				<Text
					key={id}
					wrap="truncate-end"
					dimColor={!fieldApplies(id, builder.values)}
					bold={focused}
				>
					{fitText(fieldLine(id, props), width, glyphs.ellipsis)}
				</Text>
			),
		});
		if (focused && items.length > 0) {
			rows.push({
				key: `${id}-list`,
				height: Math.min(listLimit, items.length),
				node: <FieldList key={`${id}-list`} id={id} items={items} {...props} />,
			});
		}
	}
	const room = Math.max(1, height - 2);
	const shown = windowRows(rows, focusedRow, room);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold inverse>
				{fitText(
					" Packet builder: tab/arrows move, type to edit, enter sends, esc cancels ",
					width,
					glyphs.ellipsis,
				)}
			</Text>
			{shown.map((row) => row.node)}
			<Text wrap="wrap">{builder.error ? `! ${builder.error}` : " "}</Text>
		</Box>
	);
}

const listLimit = 5;

/** The rows around the focused field that fit in `room` rows (the builder scrolls with the focus). */
function windowRows<T extends { readonly height: number }>(
	rows: readonly T[],
	focused: number,
	room: number,
): readonly T[] {
	let from = focused;
	let to = focused + 1;
	let used = rows[focused]?.height ?? 1;
	// Keep the focused field's list in view, then grow up and down alternately.
	while (
		to < rows.length &&
		used + (rows[to]?.height ?? 1) <= room &&
		to <= focused + 1
	) {
		used += rows[to]?.height ?? 1;
		to++;
	}
	for (let grew = true; grew; ) {
		grew = false;
		if (from > 0 && used + (rows[from - 1]?.height ?? 1) <= room) {
			from--;
			used += rows[from]?.height ?? 1;
			grew = true;
		}
		if (to < rows.length && used + (rows[to]?.height ?? 1) <= room) {
			used += rows[to]?.height ?? 1;
			to++;
			grew = true;
		}
	}
	return rows.slice(from, to);
}

function fieldLine(id: BuilderFieldId, props: PacketBuilderProps): string {
	const { builder, hostAddresses } = props;
	const values = builder.values;
	const focused = builder.field === id;
	const typed = selectItems(id, props.presets, props.interfaces).length === 0;
	const shown =
		id === "iface" && values.iface === localIface
			? "locally generated"
			: values[id];
	const error = validateField(id, values);
	const hint =
		focused && (id === "src" || id === "dst") && hostAddresses.length > 0
			? `  (this host: ${hostAddresses.join(" ")}; ctrl+n)`
			: "";
	return `${focused ? ">" : " "} ${builderLabels[id].padEnd(11)} ${focused && typed ? showCaret({ text: shown, caret: builder.caret }) : shown}${fieldApplies(id, values) ? "" : "  (not used)"}${error ? `  ! ${error}` : ""}${hint}`;
}

function FieldList({
	id,
	items,
	builder,
	dispatch,
	glyphs,
}: PacketBuilderProps & {
	readonly id: BuilderFieldId;
	readonly items: readonly Item[];
}) {
	return (
		<Box marginLeft={14}>
			<SelectInput
				key={id}
				indicatorComponent={({ isSelected }) => (
					<Text>{isSelected ? `${glyphs.current} ` : "  "}</Text>
				)}
				itemComponent={({ label }) => (
					<Text wrap="truncate-end">{fitText(label, 60, glyphs.ellipsis)}</Text>
				)}
				items={[...items]}
				limit={listLimit}
				initialIndex={Math.max(
					0,
					items.findIndex((item) => item.value === builder.values[id]),
				)}
				onHighlight={(item) =>
					dispatch({ type: "builder-set", field: id, value: item.value })
				}
			/>
		</Box>
	);
}
