/**
 * `-m policy --dir in|out --pol none|ipsec` (xt_policy.c). iptx models no
 * IPsec: no packet was decapsulated or will be encapsulated, so `--pol none`
 * matches and `--pol ipsec` does not (the element options are kept).
 * `--dir in` is valid in PREROUTING, INPUT and FORWARD; `--dir out` in
 * FORWARD, OUTPUT and POSTROUTING.
 */
import type { HookName } from "../model/ruleset.js";
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	matched,
	moduleError,
	noMatch,
	type OptionSpecs,
	optionError,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type PolicyData = {
	readonly dir: "in" | "out";
	readonly pol: "none" | "ipsec";
	/** Element options (`--proto esp`, `--mode tunnel`, …) as written. */
	readonly elements: readonly string[];
};

const elementOptions = [
	"--reqid",
	"--spi",
	"--proto",
	"--mode",
	"--tunnel-src",
	"--tunnel-dst",
];
const specs: OptionSpecs = {
	"--dir": { arity: 1 },
	"--pol": { arity: 1 },
	"--strict": { arity: 0 },
	"--next": { arity: 0 },
	...Object.fromEntries(
		// Per element (between `--next`s): XTOPT_MULTI in libxt_policy.
		elementOptions.map((name) => [
			name,
			{ arity: 1, invert: true, multi: true },
		]),
	),
};

const hooks: Readonly<Record<"in" | "out", readonly HookName[]>> = {
	in: ["PREROUTING", "INPUT", "FORWARD"],
	out: ["FORWARD", "OUTPUT", "POSTROUTING"],
};

export const policyMatch: MatchModule<PolicyData> = {
	name: "policy",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: PolicyData = { dir: "in", pol: "none", elements: [] };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			if (option.name === "--dir") {
				if (text !== "in" && text !== "out")
					diagnostics.push(
						optionError(option, `policy match: invalid dir "${text}"`),
					);
				else data = { ...data, dir: text };
			} else if (option.name === "--pol") {
				if (text !== "none" && text !== "ipsec")
					diagnostics.push(
						optionError(option, `policy match: invalid policy "${text}"`),
					);
				else data = { ...data, pol: text };
			} else
				data = {
					...data,
					elements: [
						...data.elements,
						`${option.invert ? "! " : ""}${option.name} ${text}`.trim(),
					],
				};
		}
		if (!options.some((o) => o.name === "--dir"))
			diagnostics.push(
				moduleError(
					firstColumn(options),
					"policy match: neither --dir in nor --dir out specified",
					"missing-option",
				),
			);
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		if (!hooks[data.dir].includes(context.hook))
			return unknownOutcome(
				`the kernel refuses --dir ${data.dir} in ${context.hook}`,
			);
		return data.pol === "none"
			? matched
			: noMatch("no IPsec policy applies (IPsec is not modelled)");
	},
	describe: (data) =>
		`policy match dir ${data.dir} pol ${data.pol}${data.elements.map((e) => ` ${e}`).join("")}`,
};
