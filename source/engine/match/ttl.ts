/**
 * `-m ttl` (xt_hl.c, ipt_ttl): `--ttl-eq`, `--ttl-lt`, `--ttl-gt` compare the
 * current TTL (already decremented in FORWARD); `! --ttl-eq` means "not equal".
 */
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	parseDecimal,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type TtlData = {
	readonly op?: "eq" | "ne" | "lt" | "gt";
	readonly value: number;
};

const specs: OptionSpecs = {
	"--ttl-eq": { arity: 1, invert: true },
	"--ttl-lt": { arity: 1 },
	"--ttl-gt": { arity: 1 },
};

const symbols = { eq: "==", ne: "!=", lt: "<", gt: ">" } as const;

export const ttlMatch: MatchModule<TtlData> = {
	name: "ttl",
	required: ["--ttl-eq", "--ttl-lt", "--ttl-gt"],
	families: ["ipv4"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: TtlData = { value: 0 };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const value = parseDecimal(option.args[0] ?? "", 255);
			if (value === undefined) {
				diagnostics.push(
					optionError(option, `ttl: invalid value "${option.args[0] ?? ""}"`),
				);
				continue;
			}
			if (data.op !== undefined)
				diagnostics.push(optionError(option, "Can't specify TTL option twice"));
			const op = option.name.slice(6) as "eq" | "lt" | "gt";
			data = { op: op === "eq" && option.invert ? "ne" : op, value };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const { ttl } = context.packet;
		const pass = {
			eq: ttl === data.value,
			ne: ttl !== data.value,
			lt: ttl < data.value,
			gt: ttl > data.value,
			none: true,
		}[data.op ?? "none"];
		return pass
			? matched
			: noMatch(`TTL ${ttl} not ${symbols[data.op ?? "eq"]} ${data.value}`);
	},
	describe: (data) =>
		data.op ? `TTL match TTL ${symbols[data.op]} ${data.value}` : "TTL match",
};
