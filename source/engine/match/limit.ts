/**
 * `-m limit` (xt_limit.c): a token bucket per rule in the kernel's integer
 * credits. It starts full with `--limit-burst` tokens (default 5) and refills
 * at `--limit` (default 3/hour). A packet that finds a token takes it and
 * matches. No inversion.
 */
import {
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	matched,
	moduleError,
	noMatch,
	type OptionSpecs,
	optionError,
	parseDecimal,
	unexplained,
} from "./option-values.js";
import { formatAvg, HZ, jiffiesAt, parseRate, rateToAvg } from "./rate.js";
import type { MatchModule } from "./types.js";

/** XT_LIMIT_SCALE: `avg` is in 1/10000 s per packet. */
const scale = 10000;
const u32 = 2 ** 32;
/** CREDITS_PER_JIFFY for HZ=1000: POW2_BELOW32(0xFFFFFFFF / (HZ*86400)). */
export const creditsPerJiffy = 32;

/** user2credits() in u32 arithmetic. */
export function user2credits(user: number): number {
	const perSecond = HZ * creditsPerJiffy;
	if (user > Math.floor(0xffffffff / perSecond))
		return (Math.floor(user / scale) * perSecond) % u32;
	return Math.floor((user * perSecond) / scale);
}

export type LimitData = {
	/** 1/10000 s per packet (the kernel's `avg`). */
	readonly avg: number;
	readonly burst: number;
	readonly cost: number;
	readonly cap: number;
};

type Bucket = { readonly credit: number; readonly prev: number };

const specs: OptionSpecs = {
	"--limit": { arity: 1 },
	"--limit-burst": { arity: 1 },
};

function build(avg: number, burst: number): LimitData {
	return {
		avg,
		burst,
		cost: user2credits(avg),
		cap: user2credits(Math.imul(avg, burst) >>> 0),
	};
}

export const limitMatch: MatchModule<LimitData> = {
	name: "limit",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let avg = rateToAvg({ count: 3, seconds: 3600 }, scale);
		let burst = 5;
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			if (option.name === "--limit") {
				const rate = parseRate(text);
				const value = rate && rateToAvg(rate, scale);
				if (!value)
					diagnostics.push(
						optionError(
							option,
							rate ? `Rate too fast "${text}"` : `bad rate "${text}"`,
						),
					);
				else avg = value;
			} else {
				const value = parseDecimal(text, 10000);
				if (value === undefined)
					diagnostics.push(optionError(option, `bad --limit-burst "${text}"`));
				else burst = value;
			}
		}
		const data = build(avg, burst);
		if (burst === 0 || data.cap < data.cost)
			diagnostics.push(
				moduleError(
					firstColumn(options),
					`Overflow, try lower: ${avg}/${burst}`,
					"limit-overflow",
				),
			);
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const now = jiffiesAt(context.time);
		const bucket = context.state.get<Bucket>("bucket") ?? {
			credit: data.cap,
			prev: now,
		};
		const increase = ((now - bucket.prev) * creditsPerJiffy) % u32;
		let credit = Math.min((bucket.credit + increase) % u32, data.cap);
		const hit = credit >= data.cost;
		if (hit) credit -= data.cost;
		context.state.set<Bucket>("bucket", { credit, prev: now });
		if (hit) return matched;
		if (context.explain === false) return unexplained;
		const tokens = (credit / data.cost).toFixed(2);
		return noMatch(
			`limit ${formatAvg(data.avg, scale)} exceeded (${tokens} tokens left)`,
		);
	},
	describe: (data) =>
		`limit: avg ${formatAvg(data.avg, scale)} burst ${data.burst}`,
};
