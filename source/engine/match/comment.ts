/** `-m comment --comment TEXT` (xt_comment.c): always matches; the text is kept (at most 255 characters). */
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	type OptionSpecs,
	optionError,
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
			text = option.args[0] ?? "";
			if (text.length > 255)
				diagnostics.push(
					optionError(option, "comment may not exceed 255 characters"),
				);
		}
		return { data: { text }, diagnostics };
	},
	evaluate: () => matched,
	describe: (data) => `/* ${data.text} */`,
};
