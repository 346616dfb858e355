/**
 * `-m time` (xt_time.c). The engine reads `context.time` as seconds since
 * the Unix epoch in UTC; `--kerneltz` is treated as UTC too (the kernel's
 * timezone is not modelled, which the reason says). A daytime window whose
 * start is after its stop wraps past midnight; `--contiguous` then takes the
 * weekday/monthday of the day the window started.
 */
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	splitItems,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

export type TimeData = {
	readonly dateStart: number;
	readonly dateStop: number;
	/** Seconds of the day. */
	readonly dayStart: number;
	readonly dayStop: number;
	/** Bit n set: weekday n (1 Monday … 7 Sunday). */
	readonly weekdays: number;
	/** Bit n set: day n of the month (1-31). */
	readonly monthdays: number;
	readonly contiguous: boolean;
	readonly kerneltz: boolean;
};

const allWeekdays = 0xfe;
const allMonthdays = 0xfffffffe;
const dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const specs: OptionSpecs = {
	"--datestart": { arity: 1 },
	"--datestop": { arity: 1 },
	"--timestart": { arity: 1 },
	"--timestop": { arity: 1 },
	"--weekdays": { arity: 1, invert: true },
	"--monthdays": { arity: 1, invert: true },
	"--localtz": { arity: 0, alias: "--kerneltz" },
	"--kerneltz": { arity: 0 },
	"--utc": { arity: 0 },
	"--contiguous": { arity: 0 },
};

/** `YYYY[-MM[-DD[Thh[:mm[:ss]]]]]` as UTC seconds. */
export function parseDate(text: string): number | undefined {
	const m =
		/^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d)(?::(\d\d)(?::(\d\d))?)?)?)?)?$/.exec(
			text,
		);
	if (m === null) return undefined;
	const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0] = m
		.slice(1)
		.map((v) => (v === undefined ? undefined : Number(v)));
	// libxt_time checks each field's range (month 1–12, day 1–31, …) and
	// refuses the rule otherwise; mktime() then normalises 2020-02-31.
	if (
		(y ?? 0) < 1970 ||
		mo < 1 ||
		mo > 12 ||
		d < 1 ||
		d > 31 ||
		h > 23 ||
		mi > 59 ||
		s > 59
	)
		return undefined;
	return Date.UTC(y ?? 1970, mo - 1, d, h, mi, s) / 1000;
}

/** `hh:mm[:ss]` as seconds of the day. */
export function parseDaytime(text: string): number | undefined {
	const m = /^(\d\d?):(\d\d)(?::(\d\d))?$/.exec(text);
	if (m === null) return undefined;
	const [h, mi, s = 0] = m.slice(1).map((v) => Number(v ?? 0));
	if (h === undefined || mi === undefined || h > 23 || mi > 59 || s > 59)
		return undefined;
	return h * 3600 + mi * 60 + s;
}

function parseDays(
	text: string,
	names: readonly string[],
	max: number,
): number | undefined {
	let bits = 0;
	for (const item of splitItems(text)) {
		const index = names.findIndex(
			(n) => n.toLowerCase() === item.toLowerCase().slice(0, 3),
		);
		const n = index === -1 ? Number(item) : index + 1;
		if (!Number.isInteger(n) || n < 1 || n > max) return undefined;
		bits |= 1 << n;
	}
	return bits >>> 0;
}

function parse(options: Parameters<MatchModule<TimeData>["parse"]>[0]) {
	const diagnostics: ModuleDiagnostic[] = [];
	let data: TimeData = {
		dateStart: 0,
		dateStop: 2 ** 31 - 1,
		dayStart: 0,
		dayStop: 86399,
		weekdays: allWeekdays,
		monthdays: allMonthdays,
		contiguous: false,
		kerneltz: false,
	};
	for (const option of checkOptions(options, specs, diagnostics)) {
		const text = option.args[0] ?? "";
		const bad = () =>
			diagnostics.push(
				optionError(option, `invalid value "${text}" for ${option.name}`),
			);
		const set = (key: keyof TimeData, value: number | undefined) => {
			if (value === undefined) bad();
			else data = { ...data, [key]: value };
		};
		switch (option.name) {
			case "--datestart":
				set("dateStart", parseDate(text));
				break;
			case "--datestop":
				set("dateStop", parseDate(text));
				break;
			case "--timestart":
				set("dayStart", parseDaytime(text));
				break;
			case "--timestop":
				set("dayStop", parseDaytime(text));
				break;
			case "--weekdays": {
				const bits = parseDays(text, dayNames, 7);
				set(
					"weekdays",
					bits === undefined
						? undefined
						: option.invert
							? bits ^ allWeekdays
							: bits,
				);
				break;
			}
			case "--monthdays": {
				const bits = parseDays(text, [], 31);
				set(
					"monthdays",
					bits === undefined
						? undefined
						: option.invert
							? (bits ^ allMonthdays) >>> 0
							: bits,
				);
				break;
			}
			case "--kerneltz":
				data = { ...data, kerneltz: true };
				break;
			case "--contiguous":
				data = { ...data, contiguous: true };
				break;
			default:
				break;
		}
	}
	return { data, diagnostics };
}

function evaluate(data: TimeData, context: { readonly time: number }) {
	let stamp = Math.floor(context.time);
	const tz = data.kerneltz ? " (kernel timezone taken as UTC)" : "";
	if (stamp < data.dateStart || stamp > data.dateStop)
		return noMatch(`date outside --datestart/--datestop${tz}`);
	const daytime = ((stamp % 86400) + 86400) % 86400;
	if (data.dayStart < data.dayStop) {
		if (daytime < data.dayStart || daytime > data.dayStop)
			return noMatch(
				`time of day ${clock(daytime)} UTC outside ${clock(data.dayStart)}-${clock(data.dayStop)}${tz}`,
			);
	} else {
		if (daytime < data.dayStart && daytime > data.dayStop)
			return noMatch(
				`time of day ${clock(daytime)} UTC outside ${clock(data.dayStart)}-${clock(data.dayStop)}${tz}`,
			);
		if (data.contiguous && daytime <= data.dayStop) stamp -= 86400;
	}
	const date = new Date(stamp * 1000);
	const weekday = ((date.getUTCDay() + 6) % 7) + 1;
	if (!(data.weekdays & (1 << weekday)))
		return noMatch(`${dayNames[weekday - 1]} not in --weekdays${tz}`);
	if (
		data.monthdays !== allMonthdays &&
		!((data.monthdays >>> 0) & (2 ** date.getUTCDate()))
	)
		return noMatch(`day ${date.getUTCDate()} not in --monthdays${tz}`);
	return matched;
}

function clock(seconds: number): string {
	const pad = (n: number) => String(n).padStart(2, "0");
	return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

function describe(data: TimeData): string {
	const parts = ["TIME"];
	if (data.dayStart !== 0 || data.dayStop !== 86399)
		parts.push(`from ${clock(data.dayStart)} to ${clock(data.dayStop)}`);
	if (data.weekdays !== allWeekdays)
		parts.push(
			`on ${dayNames.filter((_, i) => data.weekdays & (1 << (i + 1))).join(",")}`,
		);
	if (data.monthdays !== allMonthdays)
		parts.push(
			`on ${Array.from({ length: 31 }, (_, i) => i + 1)
				.filter((d) => (data.monthdays >>> 0) & (2 ** d))
				.join(",")}`,
		);
	if (data.dateStart !== 0)
		parts.push(
			`starting from ${new Date(data.dateStart * 1000).toISOString().slice(0, 19)}`,
		);
	if (data.dateStop !== 2 ** 31 - 1)
		parts.push(
			`until date ${new Date(data.dateStop * 1000).toISOString().slice(0, 19)}`,
		);
	if (!data.kerneltz) parts.push("UTC");
	if (data.contiguous) parts.push("contiguous");
	return parts.join(" ");
}

export const timeMatch: MatchModule<TimeData> = {
	name: "time",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse,
	evaluate,
	describe,
};
