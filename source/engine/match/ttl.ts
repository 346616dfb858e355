/**
 * `-m ttl` and `-m hl` (xt_hl.c): `--ttl-eq`/`--hl-eq`, `-lt`, `-gt` compare
 * the current TTL or hop limit (already decremented in FORWARD); `! --*-eq`
 * means "not equal".
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

const symbols = { eq: "==", ne: "!=", lt: "<", gt: ">" } as const;

function hopMatch(
	name: "ttl" | "hl",
	family: "ipv4" | "ipv6",
): MatchModule<TtlData> {
	const prefix = `--${name}-`;
	const label = name === "ttl" ? "TTL" : "HL";
	const specs: OptionSpecs = {
		[`${prefix}eq`]: { arity: 1, invert: true },
		[`${prefix}lt`]: { arity: 1 },
		[`${prefix}gt`]: { arity: 1 },
	};
	return {
		name,
		required: [`${prefix}eq`, `${prefix}lt`, `${prefix}gt`],
		families: [family],
		optionNames: Object.keys(specs),
		optionSpecs: specs,
		parse: (options) => {
			const diagnostics: ModuleDiagnostic[] = [];
			let data: TtlData = { value: 0 };
			for (const option of checkOptions(options, specs, diagnostics)) {
				const value = parseDecimal(option.args[0] ?? "", 255);
				if (value === undefined) {
					diagnostics.push(
						optionError(
							option,
							`${name}: invalid value "${option.args[0] ?? ""}"`,
						),
					);
					continue;
				}
				if (data.op !== undefined)
					diagnostics.push(
						optionError(option, `Can't specify ${label} option twice`),
					);
				const op = option.name.slice(prefix.length) as "eq" | "lt" | "gt";
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
				: noMatch(
						`${label} ${ttl} not ${symbols[data.op ?? "eq"]} ${data.value}`,
					);
		},
		describe: (data) =>
			data.op
				? `${label} match ${label} ${symbols[data.op]} ${data.value}`
				: `${label} match`,
	};
}

export const ttlMatch = hopMatch("ttl", "ipv4");
export const hlMatch = hopMatch("hl", "ipv6");
