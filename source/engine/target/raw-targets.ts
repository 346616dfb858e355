/**
 * Targets of the raw table, before conntrack: NOTRACK and `CT --notrack`
 * make the packet untracked; other CT options attach a template (zone,
 * helper); TRACE marks the packet for the kernel's TRACE log.
 */
import { lookupOptions, parseNumber } from "./target-options.js";
import type { TargetModule } from "./types.js";

export const notrackTarget: TargetModule<null> = {
	name: "NOTRACK",
	optionNames: [],
	tables: ["raw"],
	parse: (raw) => ({
		data: null,
		diagnostics: lookupOptions(raw, [], "NOTRACK").diagnostics,
	}),
	apply: () => ({ effect: { kind: "notrack" } }),
	describe: () => "NOTRACK",
};

type CtData = {
	readonly notrack: boolean;
	readonly zone?: number;
	readonly helper?: string;
};
const ctOptions = [
	"--notrack",
	"--zone",
	"--zone-orig",
	"--zone-reply",
	"--helper",
	"--ctevents",
	"--expevents",
	"--timeout",
];

export const ctTarget: TargetModule<CtData> = {
	name: "CT",
	optionNames: ctOptions,
	tables: ["raw"],
	parse: (raw) => {
		const o = lookupOptions(raw, ctOptions, "CT");
		const zone = parseNumber(
			o.arg("--zone") ?? o.arg("--zone-orig") ?? o.arg("--zone-reply"),
		);
		const helper = o.arg("--helper");
		return {
			data: {
				notrack: o.has("--notrack"),
				...(zone === undefined ? {} : { zone }),
				...(helper === undefined ? {} : { helper }),
			},
			diagnostics: o.diagnostics,
		};
	},
	apply: (data) => ({
		effect: {
			kind: "ct",
			notrack: data.notrack,
			...(data.zone === undefined ? {} : { zone: data.zone }),
			...(data.helper === undefined ? {} : { helper: data.helper }),
		},
		...(data.helper
			? {
					changes: {
						note: `CT helper ${data.helper}: its expectations (RELATED connections) are not modelled`,
					},
				}
			: {}),
	}),
	describe: (data) =>
		data.notrack
			? "CT notrack"
			: `CT${data.zone === undefined ? "" : ` zone ${data.zone}`}${data.helper ? ` helper ${data.helper}` : ""}`,
};

export const traceTarget: TargetModule<null> = {
	name: "TRACE",
	optionNames: [],
	tables: ["raw"],
	parse: (raw) => ({
		data: null,
		diagnostics: lookupOptions(raw, [], "TRACE").diagnostics,
	}),
	apply: () => ({
		effect: { kind: "trace" },
		changes: {
			note: "TRACE: the kernel logs every rule this packet matches from here on",
		},
	}),
	describe: () => "TRACE",
};
