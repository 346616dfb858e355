/** `v` in the rules pane: the whole rule as written, with where it came from. */
import { Box, Text } from "ink";
import type { Rule } from "../../engine/index.js";

export type RuleDetailProps = {
	readonly rule: Rule;
	readonly escapeText: (text: string) => string;
	readonly height: number;
	readonly width: number;
};

export function RuleDetail({
	rule,
	escapeText,
	height,
	width,
}: RuleDetailProps) {
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text
				bold
				inverse
			>{` ${rule.table} ${escapeText(rule.chain)} rule ${rule.index} (line ${rule.line}) - esc to close `}</Text>
			<Text wrap="wrap">{escapeText(rule.text)}</Text>
		</Box>
	);
}
