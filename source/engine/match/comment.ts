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
const encoder = new TextEncoder();
/** A UTF-16 unit is at most 3 UTF-8 bytes: this many fit in 255 bytes. */
const surelyShort = 85;
const decoder = new TextDecoder();

export const commentMatch: MatchModule<CommentData> = {
	name: "comment",
	required: ["--comment"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let text = "";
		for (const option of checkOptions(options, specs, diagnostics)) {
			const given = option.args[0] ?? "";
			if (given.length <= surelyShort) {
				text = given;
				continue;
			}
			const bytes = encoder.encode(given);
			text = decoder.decode(bytes.slice(0, 255));
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
	// One `--comment` short enough to need no cut (see parse).
	quickCheck: (options) =>
		options.count === 1 &&
		!options.inverted(0) &&
		options.argCount(0) === 1 &&
		options.arg(0).length <= surelyShort,
};
