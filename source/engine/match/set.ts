/**
 * `-m set --match-set NAME src|dst[,…]` (xt_set.c): looks the packet up in an
 * ipset. `!` inverts; `--return-nomatch` makes `nomatch` elements count as a
 * hit. Counter conditions need the set's counters and make a hit `unknown`.
 * The match is `unknown` when the set's contents were not given.
 */
import type { RawOption } from "../model/ruleset.js";
import { lookupSet, type SetSides } from "./ipset-lookup.js";
import { withOverlay } from "./ipset-overlay.js";
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	matched,
	moduleError,
	noMatch,
	type OptionSpecs,
	optionError,
	splitList,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type SetMatchData = {
	readonly name: string;
	readonly sides: SetSides;
	readonly invert: boolean;
	readonly returnNomatch: boolean;
	/** Counter conditions as written (`--packets-gt 10`). */
	readonly counters: readonly RawOption[];
};

const counterOptions = [
	"--packets-eq",
	"--packets-lt",
	"--packets-gt",
	"--bytes-eq",
	"--bytes-lt",
	"--bytes-gt",
];

const specs: OptionSpecs = {
	"--match-set": { arity: 2, invert: true },
	"--set": { arity: 2, invert: true, alias: "--match-set" },
	"--return-nomatch": { arity: 0 },
	"--update-counters": { arity: 0, invert: true },
	"--update-subcounters": { arity: 0, invert: true },
	...Object.fromEntries(
		counterOptions.map((name) => [
			name,
			{ arity: 1, invert: name.endsWith("eq") },
		]),
	),
};

export const setMatch: MatchModule<SetMatchData> = {
	name: "set",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: SetMatchData = {
			name: "",
			sides: [],
			invert: false,
			returnNomatch: false,
			counters: [],
		};
		for (const option of checkOptions(options, specs, diagnostics)) {
			if (option.name === "--match-set") {
				const [name = "", flags = ""] = option.args;
				const sides = splitList(flags);
				if (
					sides.length === 0 ||
					sides.length > 6 ||
					!sides.every((s) => s === "src" || s === "dst")
				)
					diagnostics.push(
						optionError(
							option,
							`You must specify (the comma separated list of) 'src' or 'dst'`,
						),
					);
				data = {
					...data,
					name,
					sides: sides as SetSides,
					invert: option.invert,
				};
			} else if (option.name === "--return-nomatch")
				data = { ...data, returnNomatch: true };
			else if (counterOptions.includes(option.name))
				data = { ...data, counters: [...data.counters, option] };
		}
		if (data.name === "")
			diagnostics.push(
				moduleError(
					firstColumn(options),
					"You must specify `--match-set' with proper arguments",
					"missing-option",
				),
			);
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const loaded = context.ipsets.get(data.name);
		if (loaded === undefined)
			return unknownOutcome(`ipset ${data.name} not loaded`);
		const set = withOverlay(loaded, context.shared, context.time);
		const result = lookupSet(
			set,
			{ packet: context.packet, mark: context.meta.mark, sides: data.sides },
			context.ipsets,
		);
		if (result.kind === "unknown") return unknownOutcome(result.reason);
		const hit =
			result.kind === "hit" && (!result.nomatch || data.returnNomatch);
		const where = `${data.sides.join(",")} in ${data.name}`;
		if (hit && data.counters.length > 0)
			return unknownOutcome("set counters are not known");
		if (hit !== data.invert)
			return result.kind === "hit"
				? { result: "match", reason: `${where}: element ${result.element}` }
				: matched;
		return noMatch(
			`${data.invert ? "! " : ""}${where}${result.kind === "hit" ? ` (element ${result.element}${result.nomatch ? " nomatch" : ""})` : ""}`,
		);
	},
	describe: (data) =>
		`${data.invert ? "! " : ""}match-set ${data.name} ${data.sides.join(",")}${data.returnNomatch ? " return-nomatch" : ""}${data.counters.map((c) => ` ${c.name.slice(2)} ${c.args.join(" ")}`).join("")}`,
};
