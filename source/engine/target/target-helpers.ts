/**
 * Small helpers shared by extension targets: a target that only annotates
 * the trace, and the value/mask arithmetic MARK, CONNMARK and TOS share.
 */

import {
	checkOptions,
	type ModuleDiagnostic,
	type OptionSpecs,
} from "../match/option-values.js";
import type { ModuleParseResult } from "../match/types.js";
import type { RawOption, TableName } from "../model/ruleset.js";
import type { TargetModule } from "./types.js";

/** `(old & ~mask) ^ value`, unsigned 32-bit: how xt_MARK, xt_CONNMARK and xt_TOS write. */
export function applyXmark(old: number, value: number, mask: number): number {
	return ((old & ~mask) ^ value) >>> 0;
}

export type NoteData = { readonly options: readonly RawOption[] };

/** Keeps every known option as written; diagnostics for unknown ones. */
export function keepOptions(
	options: readonly RawOption[],
	specs: OptionSpecs,
): ModuleParseResult<NoteData> {
	const diagnostics: ModuleDiagnostic[] = [];
	const kept = checkOptions(options, specs, diagnostics);
	return { data: { options: kept }, diagnostics };
}

export function optionText(options: readonly RawOption[]): string {
	return options
		.map(
			(o) =>
				`${o.invert ? "! " : ""}${o.name}${o.args.map((a) => ` ${a}`).join("")}`,
		)
		.join(" ");
}

/**
 * A target that returns CONTINUE and only leaves `note` in the trace
 * (CHECKSUM, AUDIT, SYNPROXY, SECMARK, …).
 */
export function noteTarget(
	name: string,
	specs: OptionSpecs,
	note: (data: NoteData) => string,
	tables?: readonly TableName[],
): TargetModule<NoteData> {
	return {
		name,
		optionNames: Object.keys(specs),
		optionSpecs: specs,
		parse: (options) => keepOptions(options, specs),
		apply: (data) => ({
			effect: { kind: "continue" },
			changes: { note: note(data) },
		}),
		describe: (data) =>
			[name, optionText(data.options)].filter((s) => s !== "").join(" "),
		...(tables === undefined ? {} : { tables }),
	};
}
