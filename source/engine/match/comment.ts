/**
 * `-m comment --comment TEXT` (xt_comment.c): always matches. The kernel keeps
 * 255 bytes; iptables 1.8.9 cuts a longer text silently and loads the rule.
 */
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	type OptionSpecs,
	optionWarning,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type CommentData = { readonly text: string };

const specs: OptionSpecs = { "--comment": { arity: 1 } };

export const commentMatch: MatchModule<CommentData> = {
	name: "comment",
	optionNames: Object.keys(specs),
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let text = "";
		for (const option of checkOptions(options, specs, diagnostics)) {
			const given = option.args[0] ?? "";
			const bytes = new TextEncoder().encode(given);
			text = new TextDecoder().decode(bytes.slice(0, 255));
			if (bytes.length > 255)
				diagnostics.push(
					optionWarning(
						option,
						`comment is cut to 255 bytes (it has ${bytes.length})`,
						"truncated",
					),
				);
		}
		return { data: { text }, diagnostics };
	},
	evaluate: () => matched,
	describe: (data) => `/* ${data.text} */`,
};
