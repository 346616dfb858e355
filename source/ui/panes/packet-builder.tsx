/**
 * `p`: build a packet field by field. Lists (preset, protocol, interface) use
 * ink-select-input; the other fields are typed. Each invalid field shows its
 * message beside it; enter sends the packet.
 */
import { Box, Text } from "ink";
import SelectInput from "ink-select-input";
import type { Dispatch } from "react";
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
	/** The list's selection marker: `>` so it shows in plain ASCII too. */
	readonly marker: string;
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

export function PacketBuilder({
	builder,
	presets,
	interfaces,
	dispatch,
	height,
	width,
	marker,
	hostAddresses,
}: PacketBuilderProps) {
	const { values } = builder;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold inverse>
				{
					" Packet builder: tab/arrows move, type to edit, enter sends, esc cancels "
				}
			</Text>
			{builderFieldIds.map((id) => {
				const focused = builder.field === id;
				const applies = fieldApplies(id, values);
				const error = validateField(id, values);
				const items = selectItems(id, presets, interfaces);
				const shown =
					id === "iface" && values.iface === localIface
						? "locally generated"
						: values[id];
				return (
					<Box key={id} flexDirection="column">
						<Text wrap="truncate-end" dimColor={!applies} bold={focused}>
							{`${focused ? ">" : " "} ${builderLabels[id].padEnd(10)} ${focused && items.length === 0 ? showCaret({ text: shown, caret: builder.caret }) : shown}${applies ? "" : "  (not used)"}${error ? `  ! ${error}` : ""}${focused && (id === "src" || id === "dst") && hostAddresses.length > 0 ? `  (this host: ${hostAddresses.join(" ")}; ctrl+n)` : ""}`}
						</Text>
						{focused && items.length > 0 ? (
							<Box marginLeft={13}>
								<SelectInput
									key={id}
									indicatorComponent={({ isSelected }) => (
										<Text>{isSelected ? `${marker} ` : "  "}</Text>
									)}
									items={[...items]}
									limit={5}
									initialIndex={Math.max(
										0,
										items.findIndex((item) => item.value === values[id]),
									)}
									onHighlight={(item) =>
										dispatch({
											type: "builder-set",
											field: id,
											value: item.value,
										})
									}
								/>
							</Box>
						) : null}
					</Box>
				);
			})}
			<Text wrap="wrap">{builder.error ? `! ${builder.error}` : " "}</Text>
		</Box>
	);
}
