/** `v` in the rules pane: the whole rule as written, with where it came from. */
import { Box, Text } from "ink";
import type { ListedRule } from "../state/chain-listing.js";

export type RuleDetailProps = {
	readonly rule: ListedRule;
	/** `nat DOCKER`, `inet filter input`. */
	readonly chainTitle: string;
	/** `rule 3` or `handle 12`. */
	readonly name: string;
	readonly escapeText: (text: string) => string;
	readonly height: number;
	readonly width: number;
};

export function RuleDetail({
	rule,
	chainTitle,
	name,
	escapeText,
	height,
	width,
}: RuleDetailProps) {
	const line = rule.line > 0 ? ` (line ${rule.line})` : "";
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text
				bold
				inverse
			>{` ${escapeText(chainTitle)} ${name}${line} - esc to close `}</Text>
			<Text wrap="wrap">{escapeText(rule.text)}</Text>
		</Box>
	);
}
