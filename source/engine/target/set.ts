/**
 * `-j SET --add-set/--del-set NAME src|dst[,…]` (xt_set.c): adds the packet's
 * address (and ports) to an ipset, or deletes it, and returns CONTINUE.
 * `--exist` refreshes an existing element, `--timeout N` gives it N seconds.
 * The change is recorded for later `-m set` lookups of the same run.
 * `--map-set` (skbinfo maps) is kept and only noted.
 */
import { entryFromPacket, recordSetChange } from "../match/ipset-overlay.js";
import {
	checkOptions,
	type ModuleDiagnostic,
	type OptionSpecs,
	optionError,
	parseDecimal,
	splitList,
} from "../match/option-values.js";
import type { TargetModule } from "./types.js";

export type SetTargetData = {
	readonly add?: {
		readonly name: string;
		readonly sides: readonly ("src" | "dst")[];
	};
	readonly del?: {
		readonly name: string;
		readonly sides: readonly ("src" | "dst")[];
	};
	readonly map?: string;
	readonly exist: boolean;
	readonly timeout?: number;
};

const specs: OptionSpecs = {
	"--add-set": { arity: 2 },
	"--del-set": { arity: 2 },
	"--map-set": { arity: 2 },
	"--exist": { arity: 0 },
	"--timeout": { arity: 1 },
	"--map-mark": { arity: 0 },
	"--map-prio": { arity: 0 },
	"--map-queue": { arity: 0 },
};

export const setTarget: TargetModule<SetTargetData> = {
	name: "SET",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: SetTargetData = { exist: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const [name = "", flags = ""] = option.args;
			if (option.name === "--add-set" || option.name === "--del-set") {
				const sides = splitList(flags);
				if (
					!sides.every((s) => s === "src" || s === "dst") ||
					sides.length === 0
				)
					diagnostics.push(
						optionError(
							option,
							"You must specify (the comma separated list of) 'src' or 'dst'",
						),
					);
				data = {
					...data,
					[option.name === "--add-set" ? "add" : "del"]: {
						name,
						sides: sides as ("src" | "dst")[],
					},
				};
			} else if (option.name === "--map-set") data = { ...data, map: name };
			else if (option.name === "--exist") data = { ...data, exist: true };
			else if (option.name === "--timeout") {
				const timeout = parseDecimal(option.args[0] ?? "", 0xffffffff);
				if (timeout === undefined)
					diagnostics.push(
						optionError(option, `bad timeout "${option.args[0] ?? ""}"`),
					);
				else data = { ...data, timeout };
			}
		}
		return { data, diagnostics };
	},
	apply: (data, context) => {
		const notes: string[] = [];
		const expires =
			data.timeout === undefined ? undefined : context.time + data.timeout;
		if (data.add) {
			recordSetChange(
				context.shared,
				data.add.name,
				entryFromPacket("add", data.add.sides, context.packet, expires),
			);
			notes.push(
				`adds ${data.add.sides.join(",")} to ${data.add.name}${data.timeout === undefined ? "" : ` for ${data.timeout}s`}`,
			);
		}
		if (data.del) {
			recordSetChange(
				context.shared,
				data.del.name,
				entryFromPacket("del", data.del.sides, context.packet),
			);
			notes.push(`deletes ${data.del.sides.join(",")} from ${data.del.name}`);
		}
		if (data.map) notes.push(`maps skbinfo from ${data.map} (not modelled)`);
		return {
			effect: { kind: "continue" },
			changes: { note: `SET: ${notes.join("; ")}` },
		};
	},
	describe: (data) =>
		[
			"SET",
			...(data.add
				? [`add-set ${data.add.name} ${data.add.sides.join(",")}`]
				: []),
			...(data.del
				? [`del-set ${data.del.name} ${data.del.sides.join(",")}`]
				: []),
			...(data.map ? [`map-set ${data.map}`] : []),
			...(data.exist ? ["exist"] : []),
			...(data.timeout !== undefined ? [`timeout ${data.timeout}`] : []),
		].join(" "),
};
