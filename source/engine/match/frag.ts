/**
 * `-m frag` (ip6t_frag.c): the IPv6 fragment header. `--fragid [!] a[:b]`,
 * `--fragres`, `--fragfirst` (offset 0), `--fragmore` (M set), `--fraglast`
 * (M clear). No fragment header: no match.
 */
import { type IdRange, inRange, readIdRange } from "./ext-header-values.js";
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

export type FragData = {
	readonly ids?: IdRange;
	readonly reserved: boolean;
	readonly first: boolean;
	readonly more: boolean;
	readonly last: boolean;
};

const specs: OptionSpecs = {
	"--fragid": { arity: 1, invert: true },
	"--fraglen": { arity: 1, invert: true },
	"--fragres": { arity: 0 },
	"--fragfirst": { arity: 0 },
	"--fragmore": { arity: 0 },
	"--fraglast": { arity: 0 },
};

export const fragMatch: MatchModule<FragData> = {
	name: "frag",
	families: ["ipv6"],
	evaluates: ["ipv6"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: FragData = {
			reserved: false,
			first: false,
			more: false,
			last: false,
		};
		for (const option of checkOptions(options, specs, diagnostics)) {
			if (option.name === "--fragid") {
				const ids = readIdRange(option, diagnostics, "frag: bad id");
				if (ids) data = { ...data, ids };
			} else if (option.name === "--fragres")
				data = { ...data, reserved: true };
			else if (option.name === "--fragfirst") data = { ...data, first: true };
			else if (option.name === "--fragmore") data = { ...data, more: true };
			else if (option.name === "--fraglast") data = { ...data, last: true };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const header = findExtHeader(context.packet, "frag");
		if (!header) return noMatch("no fragment header");
		if (!inRange(header.id, data.ids))
			return noMatch(`fragment id ${header.id}`);
		if (data.reserved) return unknownOutcome("reserved bits are not known");
		if (data.first && header.offset !== 0)
			return noMatch("not the first fragment");
		if (data.more && !header.more) return noMatch("no more fragments follow");
		if (data.last && header.more) return noMatch("more fragments follow");
		return matched;
	},
	describe: (data) =>
		[
			"frag",
			data.ids
				? `id${data.ids.invert ? ":!" : ":"}${data.ids.min}:${data.ids.max}`
				: "",
			data.reserved ? "reserved" : "",
			data.first ? "first" : "",
			data.more ? "more" : "",
			data.last ? "last" : "",
		]
			.filter(Boolean)
			.join(" "),
};
