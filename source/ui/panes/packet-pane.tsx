/** The packet now and as it arrived, every rewrite as before → after, the mark and conntrack. */
import type { Packet, PacketMeta } from "../../engine/index.js";
import { TextPane } from "../components/text-pane.js";
import { conntrackText, rewriteText } from "../lib/format.js";
import type { Theme } from "../lib/glyphs.js";
import type { PacketView } from "../state/selectors.js";

export type PacketPaneProps = {
	readonly view: PacketView;
	readonly formatPacket: (packet: Packet, meta: PacketMeta) => string;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** Lines of the pane, most important first; the pane keeps as many as fit. */
export function packetLines(
	view: PacketView,
	formatPacket: PacketPaneProps["formatPacket"],
	theme: Theme,
): readonly string[] {
	const arrived = `arrived ${formatPacket(view.arrived, view.arrivedMeta)}`;
	const now = `now     ${formatPacket(view.now, view.nowMeta)}`;
	const line = (r: (typeof view.rewrites)[number]) =>
		`        ${rewriteText(r, theme.glyphs)}`;
	const nat = view.rewrites.filter((r) => isAddressRewrite(r)).map(line);
	const other = view.rewrites.filter((r) => !isAddressRewrite(r)).map(line);
	const ct = `mark 0x${view.nowMeta.mark.toString(16)}  conntrack ${view.ctInfo ?? "-"}${view.ctNote ? ` (${view.ctNote})` : ""}`;
	const entry = view.ctEntry
		? `entry   ${conntrackText(view.ctEntry)}`
		: "entry   none yet";
	return [arrived, now, ...nat, ct, entry, ...other];
}

/** NAT and other address rewrites come first; TTL, TOS and mark changes only when there is room. */
function isAddressRewrite(rewrite: {
	readonly before: Packet;
	readonly after: Packet;
}): boolean {
	const { before, after } = rewrite;
	return (
		before.src !== after.src ||
		before.dst !== after.dst ||
		before.sport !== after.sport ||
		before.dport !== after.dport
	);
}

export function PacketPane({
	view,
	formatPacket,
	focused,
	width,
	height,
	theme,
}: PacketPaneProps) {
	const lines = packetLines(view, formatPacket, theme);
	const room = Math.max(1, height - 1);
	const shown = lines.slice(0, room);
	return (
		<TextPane
			title={"Packet"}
			lines={shown}
			focused={focused}
			width={width}
			height={height}
			theme={theme}
		/>
	);
}
