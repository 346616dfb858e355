/**
 * `-m quota --quota BYTES` (xt_quota.c): matches while the rule's remaining
 * quota covers the packet's length and subtracts it; once a packet does not
 * fit, the quota drops to 0. `!` inverts.
 */
import {
	checkOptions,
	type ModuleDiagnostic,
	type OptionSpecs,
	optionError,
	parseDecimal,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type QuotaData = { readonly quota: number; readonly invert: boolean };

const specs: OptionSpecs = { "--quota": { arity: 1, invert: true } };

export const quotaMatch: MatchModule<QuotaData> = {
	name: "quota",
	required: ["--quota"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: QuotaData = { quota: 0, invert: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const quota = parseDecimal(option.args[0] ?? "", Number.MAX_SAFE_INTEGER);
			if (quota === undefined)
				diagnostics.push(
					optionError(option, `bad quota "${option.args[0] ?? ""}"`),
				);
			else data = { quota, invert: option.invert };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const left = context.state.get<number>("left") ?? data.quota;
		const { length } = context.packet;
		const fits = left >= length;
		context.state.set("left", fits ? left - length : 0);
		const reason = `quota ${fits ? left - length : 0} bytes left`;
		return fits !== data.invert
			? { result: "match", reason }
			: { result: "no-match", reason };
	},
	describe: (data) => `${data.invert ? "! " : ""}quota: ${data.quota} bytes`,
};
