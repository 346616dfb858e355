/**
 * `-m helper --helper NAME` (xt_helper.c): true for packets of an expected
 * connection whose master uses that helper (`ftp`, `sip`, `ftp-21`). A
 * connection without the EXPECTED status has no master, so the match is
 * false (true with `!`); for expected ones the master's helper is not in the
 * view and the result is `unknown`.
 */
import { ctStatus } from "../conntrack/types.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type HelperData = { readonly name: string; readonly invert: boolean };

const specs: OptionSpecs = { "--helper": { arity: 1, invert: true } };

export const helperMatch: MatchModule<HelperData> = {
	name: "helper",
	needsConntrack: true,
	required: ["--helper"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: HelperData = { name: "", invert: false };
		for (const option of checkOptions(options, specs, diagnostics))
			data = { name: option.args[0] ?? "", invert: option.invert };
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const entry = context.conntrack.entry;
		const expected =
			entry !== undefined && (entry.status & ctStatus.EXPECTED) !== 0;
		if (!expected)
			return data.invert
				? matched
				: noMatch("connection has no master (not expected by a helper)");
		return unknownOutcome("the master connection's helper is not known");
	},
	describe: (data) => `helper match ${data.invert ? "! " : ""}"${data.name}"`,
};
