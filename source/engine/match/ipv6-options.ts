/**
 * `-m hbh` and `-m dst` (ip6t_hbh.c, one module for both): the hop-by-hop or
 * destination options header is present, with `--hbh-len`/`--dst-len [!] N`
 * its length in bytes. The options themselves (`--*-opts`) are not modelled.
 */
import {
	equalsValue,
	type InvertibleValue,
	readValue,
} from "./ext-header-values.js";
import { findExtHeader, optionsLength } from "./ipv6-headers.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type OptionsHeaderData = {
	readonly length?: InvertibleValue;
	readonly options: boolean;
};

function optionsHeaderMatch(
	name: "hbh" | "dst",
): MatchModule<OptionsHeaderData> {
	const specs: OptionSpecs = {
		[`--${name}-len`]: { arity: 1, invert: true },
		[`--${name}-opts`]: { arity: 1 },
	};
	return {
		name,
		families: ["ipv6"],
		evaluates: ["ipv6"],
		optionNames: Object.keys(specs),
		optionSpecs: specs,
		parse: (options) => {
			const diagnostics: ModuleDiagnostic[] = [];
			let data: OptionsHeaderData = { options: false };
			for (const option of checkOptions(options, specs, diagnostics)) {
				if (option.name.endsWith("-opts")) {
					data = { ...data, options: true };
					continue;
				}
				const length = readValue(option, diagnostics, `${name}: bad length`);
				if (length) data = { ...data, length };
			}
			return { data, diagnostics };
		},
		evaluate: (data, context) => {
			const header = findExtHeader(context.packet, name);
			if (!header) return noMatch(`no ${name} header`);
			const length = optionsLength(header);
			if (!equalsValue(data.length, length))
				return noMatch(`${name} length ${length}`);
			if (data.options)
				return unknownOutcome(`${name} options are not modelled`);
			return matched;
		},
		describe: (data) =>
			`${name}${data.length ? ` length:${data.length.invert ? "!" : ""}${data.length.value}` : ""}`,
	};
}

export const hbhMatch = optionsHeaderMatch("hbh");
export const dstMatch = optionsHeaderMatch("dst");
