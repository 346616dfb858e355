/** `-m length --length a[:b]` (xt_length.c): the IP total length, inclusive; `!` inverts. */
import {
	check,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	type OptionSpecs,
	optionError,
	parseDecimal,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type LengthData = {
	readonly min: number;
	readonly max: number;
	readonly invert: boolean;
	readonly set: boolean;
};

const specs: OptionSpecs = { "--length": { arity: 1, invert: true } };

export const lengthMatch: MatchModule<LengthData> = {
	name: "length",
	required: ["--length"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: LengthData = { min: 0, max: 0xffff, invert: false, set: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			const [a = "", b] = text.split(":");
			const min = a === "" ? 0 : parseDecimal(a, 0xffff);
			const max =
				b === undefined ? min : b === "" ? 0xffff : parseDecimal(b, 0xffff);
			if (min === undefined || max === undefined)
				diagnostics.push(optionError(option, `length invalid: "${text}"`));
			else data = { min, max, invert: option.invert, set: true };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		if (!data.set) return matched;
		const { length } = context.packet;
		return check(
			length >= data.min && length <= data.max,
			data.invert,
			`length ${length} not ${data.min}:${data.max}`,
		);
	},
	describe: (data) =>
		`length ${data.invert ? "!" : ""}${data.min === data.max ? data.min : `${data.min}:${data.max}`}`,
};
