/**
 * `i` (and at start when it matters): what the explorer was given and what
 * it had to assume: the host (and how to give the real one), notes, and the
 * diagnostics, grouped. Scrolls with j/k.
 */
import { Box, Text } from "ink";
import type { Session } from "../engine-port.js";
import { fitText } from "../lib/fit.js";
import type { Glyphs } from "../lib/glyphs.js";
import { nftSummary } from "../state/nft-summary.js";

export type InfoOverlayProps = {
	readonly session: Session;
	readonly scroll: number;
	readonly height: number;
	readonly width: number;
	readonly glyphs: Glyphs;
	readonly escapeText: (text: string) => string;
};

/** The overlay's lines, before fitting to the width. */
export function infoLines(session: Session): readonly string[] {
	const lines: string[] = [];
	const rules = session.context.ruleset.rulesById.size;
	lines.push(`${session.origin}: ${rules} iptables rules`);
	lines.push(ip6tablesLine(session));
	lines.push(...nftSummary(session.context));
	if (session.nftAbsent) {
		lines.push("", `NFT NOT GIVEN: ${session.nftAbsent}`);
	}
	if (session.assumedHost) {
		lines.push(
			"",
			"ASSUMED HOST: no ip addr / ip route was given, so iptx built one from what",
			"the rules name. Packets are routed by these guesses, not by the real host:",
			...session.assumedHost.map((line) => `  ${line}`),
			"Give the real host: --addr FILE (ip -j addr) --route FILE (ip -j route),",
			"or run `iptx capture -o DIR` on that host and open DIR.",
		);
	}
	if (session.notes.length > 0) {
		lines.push("", "Notes:", ...session.notes.map((n) => `  ${n}`));
	}
	const diagnostics = [
		...(session.diagnostics ?? []),
		...(session.laterDiagnostics?.() ?? []),
	];
	if (diagnostics.length > 0) {
		lines.push("", "Diagnostics:", ...diagnostics.map((d) => `  ${d}`));
	}
	return lines;
}

/** What IPv6 packets meet: the ip6tables rules given, or none. */
function ip6tablesLine(session: Session): string {
	const rules6 = session.context.ruleset6;
	if (rules6 === undefined)
		return "ip6tables: not given (--rules6 FILE): IPv6 packets meet no ip6tables table";
	return rules6.rulesById.size === 0
		? "ip6tables: the host's IPv6 tables are empty (IPv6 packets meet only the chains' policies)"
		: `ip6tables: ${rules6.rulesById.size} rules`;
}

export function InfoOverlay(props: InfoOverlayProps) {
	const { height, width, glyphs } = props;
	const lines = infoLines(props.session);
	const room = Math.max(1, height - 1);
	const from = Math.max(0, Math.min(props.scroll, lines.length - room));
	const more =
		lines.length > room
			? `; j/k scroll ${from + 1}-${Math.min(lines.length, from + room)}/${lines.length}`
			: "";
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold inverse>
				{fitText(
					` About these inputs (esc closes, i reopens${more}) `,
					width,
					glyphs.ellipsis,
				)}
			</Text>
			{lines.slice(from, from + room).map((line, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
				<Text key={index} wrap="truncate-end">
					{fitText(props.escapeText(line), width, glyphs.ellipsis)}
				</Text>
			))}
		</Box>
	);
}
