import { checkRuleset } from "../../source/engine/check/check-ruleset.js";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import type { Family } from "../../source/engine/model/ruleset.js";
import { parseRuleset } from "../../source/engine/parse/parse-ruleset.js";

export const filterHead =
	"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
export const natHead =
	"*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n";

/** Fatal diagnostics of parse + check, rendered, plus the verdict. */
export function verdict(text: string, family?: Family) {
	const result = parseRuleset(
		text,
		family ? { source: "t", family } : { source: "t" },
	);
	const report = checkRuleset(result, { source: "t" });
	return {
		result,
		report,
		fatal: report.diagnostics.filter((d) => d.fatal).map(formatDiagnostic),
		all: report.diagnostics.map(formatDiagnostic),
	};
}
