/**
 * `-m statistic` (xt_statistic.c). Random mode draws a 31-bit number and
 * matches when it is below round(p·2³¹); nth mode keeps a counter per rule
 * that matches once every `--every` packets, first at packet `--packet`+1.
 * `!` inverts.
 */
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	moduleError,
	type OptionSpecs,
	optionError,
	parseDecimal,
} from "./option-values.js";
import type { MatchModule, QuickOptions } from "./types.js";

export type StatisticData =
	| {
			readonly mode: "random";
			readonly probability: number;
			readonly threshold: number;
			readonly invert: boolean;
	  }
	| {
			readonly mode: "nth";
			readonly every: number;
			readonly packet: number;
			readonly invert: boolean;
	  };

const specs: OptionSpecs = {
	"--mode": { arity: 1 },
	"--probability": { arity: 1, invert: true },
	"--every": { arity: 1, invert: true },
	"--packet": { arity: 1 },
};

/**
 * libxt_statistic's option rules: `--mode` is required, `--probability`
 * excludes `--every`/`--packet`, and those two need each other (iptables
 * 1.8.9 refuses `--mode nth --every 3` without `--packet`).
 */
function combinationErrors(values: ReadonlyMap<string, string>): string[] {
	const has = (name: string) => values.has(name);
	const errors: string[] = [];
	if (!has("--mode"))
		errors.push('statistic: option "--mode" must be specified');
	for (const other of ["--every", "--packet"])
		if (has("--probability") && has(other))
			errors.push(
				`statistic: option "--probability" cannot be used together with "${other}"`,
			);
	if (has("--every") !== has("--packet"))
		errors.push(
			has("--every")
				? 'statistic: option "--every" also requires "--packet"'
				: 'statistic: option "--packet" also requires "--every"',
		);
	const mode = values.get("--mode");
	if (mode === "random" && !has("--probability"))
		errors.push("--probability must be specified when using random mode");
	if (mode === "nth" && !(has("--every") && has("--packet")))
		errors.push("--every and --packet must be specified when using nth mode");
	return errors;
}

function parse(options: Parameters<MatchModule<StatisticData>["parse"]>[0]) {
	const diagnostics: ModuleDiagnostic[] = [];
	const values = new Map<string, string>();
	let invert = false;
	for (const option of checkOptions(options, specs, diagnostics)) {
		values.set(option.name, option.args[0] ?? "");
		invert ||= option.invert;
		if (
			option.name === "--mode" &&
			!["random", "nth"].includes(option.args[0] ?? "")
		)
			diagnostics.push(
				optionError(option, `Bad mode "${option.args[0] ?? ""}"`),
			);
	}
	const column = firstColumn(options);
	const error = (message: string) =>
		diagnostics.push(moduleError(column, message, "invalid-value"));
	for (const message of combinationErrors(values)) error(message);
	if (values.get("--mode") === "nth") {
		const every = parseDecimal(values.get("--every") ?? "", 0xffffffff) ?? 0;
		const packet = parseDecimal(values.get("--packet") ?? "0", 0xffffffff) ?? 0;
		if (every === 0) error("--every n must be > 0");
		if (packet > every - 1) error("--packet p must be 0 <= p <= n-1");
		return {
			data: { mode: "nth" as const, every: Math.max(every, 1), packet, invert },
			diagnostics,
		};
	}
	const probability = Number(values.get("--probability") ?? "");
	if (!(probability >= 0 && probability <= 1))
		error("--probability must be between 0 and 1");
	const p = Number.isFinite(probability) ? probability : 0;
	return {
		data: {
			mode: "random" as const,
			probability: p,
			threshold: Math.round(p * 2 ** 31),
			invert,
		},
		diagnostics,
	};
}

/**
 * `--mode random --probability P` (in either order, each once) with P in
 * [0, 1]: what kube-proxy writes, and what parse() takes silently.
 */
function quickCheck(options: QuickOptions): boolean {
	if (options.count !== 2) return false;
	let mode = false;
	let probability = false;
	for (let i = 0; i < 2; i++) {
		if (options.argCount(i) !== 1) return false;
		const name = options.name(i);
		if (name === "--mode" && !mode && !options.inverted(i)) {
			if (options.arg(i) !== "random") return false;
			mode = true;
		} else if (name === "--probability" && !probability) {
			const value = Number(options.arg(i));
			if (!(value >= 0 && value <= 1)) return false;
			probability = true;
		} else return false;
	}
	return mode && probability;
}

export const statisticMatch: MatchModule<StatisticData> = {
	name: "statistic",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse,
	quickCheck,
	evaluate: (data, context) => {
		if (data.mode === "random") {
			const draw = Math.floor(context.random() * 2 ** 31);
			const hit = draw < data.threshold;
			const reason = `random draw ${(draw / 2 ** 31).toFixed(5)} ${hit ? "<" : "≥"} ${data.probability}`;
			return hit !== data.invert
				? { result: "match", reason }
				: { result: "no-match", reason };
		}
		const last = data.every - 1;
		const count = context.state.get<number>("count") ?? last - data.packet;
		const next = count === last ? 0 : count + 1;
		context.state.set("count", next);
		const hit = next === 0;
		const reason = `nth counter ${next} of ${data.every}`;
		return hit !== data.invert
			? { result: "match", reason }
			: { result: "no-match", reason };
	},
	describe: (data) =>
		data.mode === "random"
			? `statistic mode random ${data.invert ? "! " : ""}probability ${data.probability.toFixed(11)}`
			: `statistic mode nth ${data.invert ? "! " : ""}every ${data.every}${data.packet ? ` packet ${data.packet}` : ""}`,
};
