/**
 * `-m connlimit` (xt_connlimit.c): counts the host's connections per masked
 * source (or destination) address. The engine sees one packet's connection,
 * not the whole table, so the match is `unknown` (options are kept and
 * checked).
 */
import {
	checkOptions,
	type ModuleDiagnostic,
	type OptionSpecs,
	optionError,
	parseDecimal,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type ConnlimitData = {
	readonly limit: number;
	/** `above` matches when the count exceeds the limit; `upto` when it does not. */
	readonly mode: "above" | "upto";
	readonly mask: number;
	readonly side: "saddr" | "daddr";
};

const specs: OptionSpecs = {
	"--connlimit-upto": { arity: 1 },
	"--connlimit-above": { arity: 1, invert: true },
	"--connlimit-mask": { arity: 1 },
	"--connlimit-saddr": { arity: 0 },
	"--connlimit-daddr": { arity: 0 },
};

export const connlimitMatch: MatchModule<ConnlimitData> = {
	name: "connlimit",
	optionNames: Object.keys(specs),
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: ConnlimitData = {
			limit: 0,
			mode: "above",
			mask: 32,
			side: "saddr",
		};
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			if (
				option.name === "--connlimit-saddr" ||
				option.name === "--connlimit-daddr"
			) {
				data = {
					...data,
					side: option.name.endsWith("saddr") ? "saddr" : "daddr",
				};
				continue;
			}
			const value = parseDecimal(
				text,
				option.name === "--connlimit-mask" ? 32 : 0xffffffff,
			);
			if (value === undefined)
				diagnostics.push(
					optionError(option, `bad value "${text}" for ${option.name}`),
				);
			else if (option.name === "--connlimit-mask")
				data = { ...data, mask: value };
			else {
				const above =
					option.name === "--connlimit-above" ? !option.invert : false;
				data = { ...data, limit: value, mode: above ? "above" : "upto" };
			}
		}
		return { data, diagnostics };
	},
	evaluate: (data) =>
		unknownOutcome(
			`connlimit needs the number of connections per /${data.mask} ${data.side === "saddr" ? "source" : "destination"}, which the simulation does not track`,
		),
	describe: (data) =>
		`#conn ${data.side === "saddr" ? "src" : "dst"}/${data.mask} ${data.mode === "above" ? ">" : "<="} ${data.limit}`,
};
