/**
 * `-m tos --tos value[/mask]` or a name (xt_dscp.c `tos_mt`): (tos & mask) ==
 * value; `!` inverts. Names test the 0x3f bits.
 */
import {
	check,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	type OptionSpecs,
	optionError,
	type ValueMask,
} from "./option-values.js";
import { hex, parseTos } from "./tos-values.js";
import type { MatchModule } from "./types.js";

export type TosData = { readonly test?: ValueMask; readonly invert: boolean };

const specs: OptionSpecs = { "--tos": { arity: 1, invert: true } };

export const tosMatch: MatchModule<TosData> = {
	name: "tos",
	required: ["--tos"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: TosData = { invert: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const test = parseTos(option.args[0] ?? "", 0x3f);
			if (test === undefined)
				diagnostics.push(
					optionError(option, `Bad TOS value "${option.args[0] ?? ""}"`),
				);
			else data = { test, invert: option.invert };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		if (data.test === undefined) return matched;
		const { tos } = context.packet;
		return check(
			(tos & data.test.mask) === data.test.value,
			data.invert,
			`tos ${hex(tos)} & ${hex(data.test.mask)} ≠ ${hex(data.test.value)}`,
		);
	},
	describe: (data) =>
		data.test
			? `tos match ${data.invert ? "!" : ""}${hex(data.test.value)}/${hex(data.test.mask)}`
			: "tos match",
};
