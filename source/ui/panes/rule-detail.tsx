/** `v` in the rules pane: the whole rule as written, with where it came from. */
import { Box, Text } from "ink";
import type { Rule } from "../../engine/index.js";

export type RuleDetailProps = {
	readonly rule: Rule;
	readonly escape: (text: string) => string;
	readonly height: number;
	readonly width: number;
};

export function RuleDetail({ rule, escape, height, width }: RuleDetailProps) {
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text
				bold
				inverse
			>{` ${rule.table} ${escape(rule.chain)} rule ${rule.index} (line ${rule.line}) - esc to close `}</Text>
			<Text wrap="wrap">{escape(rule.text)}</Text>
		</Box>
	);
}
