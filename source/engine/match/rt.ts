/**
 * `-m rt` (ip6t_rt.c): the routing header, by `--rt-type [!] N`,
 * `--rt-segsleft [!] a[:b]` and `--rt-len [!] N`; type-0 address tests
 * (`--rt-0-*`) are not modelled.
 */
import {
	equalsValue,
	type IdRange,
	type InvertibleValue,
	inRange,
	readIdRange,
	readValue,
} from "./ext-header-values.js";
import { findExtHeader } from "./ipv6-headers.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type RtData = {
	readonly type?: InvertibleValue;
	readonly segmentsLeft?: IdRange;
	readonly length?: InvertibleValue;
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
			if (option.name.startsWith("--rt-0-")) data = { ...data, type0: true };
			else if (option.name === "--rt-segsleft") {
				const range = readIdRange(option, diagnostics, "rt: bad segments");
				if (range) data = { ...data, segmentsLeft: range };
			} else if (option.name === "--rt-type") {
				const type = readValue(option, diagnostics, "rt: bad value", 255);
				if (type) data = { ...data, type };
			} else {
				const length = readValue(option, diagnostics, "rt: bad value");
				if (length) data = { ...data, length };
			}
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const header = findExtHeader(context.packet, "rt");
		if (!header) return noMatch("no routing header");
		if (!equalsValue(data.type, header.type))
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
			if (!equalsValue(data.length, header.length))
				return noMatch(`length ${header.length}`);
		}
		if (data.type0) return unknownOutcome("type 0 addresses are not modelled");
		return matched;
	},
	describe: (data) =>
		`rt${data.type ? ` type:${data.type.invert ? "!" : ""}${data.type.value}` : ""}`,
};
