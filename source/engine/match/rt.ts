/**
 * `-m rt` (ip6t_rt.c): the routing header, by `--rt-type [!] N`,
 * `--rt-segsleft [!] a[:b]` and `--rt-len [!] N`; type-0 address tests
 * (`--rt-0-*`) are not modelled.
 */
import { type IdRange, inRange, parseIdRange } from "./frag.js";
import { findExtHeader } from "./ipv6-headers.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	parseUnsigned,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

type Value = { readonly value: number; readonly invert: boolean };

export type RtData = {
	readonly type?: Value;
	readonly segmentsLeft?: IdRange;
	readonly length?: Value;
	readonly type0: boolean;
};

const specs: OptionSpecs = {
	"--rt-type": { arity: 1, invert: true },
	"--rt-segsleft": { arity: 1, invert: true },
	"--rt-len": { arity: 1, invert: true },
	"--rt-0-res": { arity: 0 },
	"--rt-0-addrs": { arity: 1 },
	"--rt-0-not-strict": { arity: 0 },
};

const equal = (test: Value | undefined, actual: number): boolean =>
	test === undefined || (test.value === actual) !== test.invert;

export const rtMatch: MatchModule<RtData> = {
	name: "rt",
	families: ["ipv6"],
	evaluates: ["ipv6"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: RtData = { type0: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			if (option.name.startsWith("--rt-0-")) data = { ...data, type0: true };
			else if (option.name === "--rt-segsleft") {
				const range = parseIdRange(text, option.invert);
				if (range) data = { ...data, segmentsLeft: range };
				else
					diagnostics.push(optionError(option, `rt: bad segments "${text}"`));
			} else {
				const value = parseUnsigned(
					text,
					option.name === "--rt-type" ? 255 : 0xffffffff,
				);
				if (value === undefined)
					diagnostics.push(optionError(option, `rt: bad value "${text}"`));
				else if (option.name === "--rt-type")
					data = { ...data, type: { value, invert: option.invert } };
				else data = { ...data, length: { value, invert: option.invert } };
			}
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const header = findExtHeader(context.packet, "rt");
		if (!header) return noMatch("no routing header");
		if (!equal(data.type, header.type))
			return noMatch(`routing type ${header.type}`);
		if (data.segmentsLeft) {
			if (header.segmentsLeft === undefined)
				return unknownOutcome("segments left not known");
			if (!inRange(header.segmentsLeft, data.segmentsLeft))
				return noMatch(`segments left ${header.segmentsLeft}`);
		}
		if (data.length) {
			if (header.length === undefined)
				return unknownOutcome("routing header length not known");
			if (!equal(data.length, header.length))
				return noMatch(`length ${header.length}`);
		}
		if (data.type0) return unknownOutcome("type 0 addresses are not modelled");
		return matched;
	},
	describe: (data) =>
		`rt${data.type ? ` type:${data.type.invert ? "!" : ""}${data.type.value}` : ""}`,
};
