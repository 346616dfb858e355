/**
 * `-m mark --mark v[/m]` (xt_mark.c): (packet mark & m) == v, `!` inverts;
 * `-m connmark --mark v[/m]` (xt_connmark.c): the same on the connection mark,
 * false for packets without a connection.
 */
import {
	check,
	checkOptions,
	formatValueMask,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	parseValueMask,
	unknownOutcome,
	type ValueMask,
} from "./option-values.js";
import type { MatchModule, QuickOptions } from "./types.js";

export type MarkData = { readonly test?: ValueMask; readonly invert: boolean };

const specs: OptionSpecs = { "--mark": { arity: 1, invert: true } };

function parseMark(options: Parameters<MatchModule<MarkData>["parse"]>[0]) {
	const diagnostics: ModuleDiagnostic[] = [];
	let data: MarkData = { invert: false };
	for (const option of checkOptions(options, specs, diagnostics)) {
		const text = option.args[0] ?? "";
		const test = parseValueMask(text);
		if (test === undefined)
			diagnostics.push(optionError(option, `Bad mark value "${text}"`));
		else data = { test, invert: option.invert };
	}
	return { data, diagnostics };
}

function testMark(data: MarkData, value: number, what: string) {
	if (data.test === undefined) return matched;
	const { mask } = data.test;
	return check(
		(value & mask) >>> 0 === data.test.value,
		data.invert,
		`${what} 0x${value.toString(16)} & 0x${mask.toString(16)} ≠ 0x${data.test.value.toString(16)}`,
	);
}

/** `--mark V[/M]` (`!` allowed), each value readable. */
function quickMark(options: QuickOptions): boolean {
	for (let i = 0; i < options.count; i++)
		if (
			options.argCount(i) !== 1 ||
			parseValueMask(options.arg(i)) === undefined
		)
			return false;
	return true;
}

const describeMark = (name: string) => (data: MarkData) =>
	data.test === undefined
		? name
		: `${name} ${data.invert ? "! " : ""}${formatValueMask(data.test)}`;

export const markMatch: MatchModule<MarkData> = {
	name: "mark",
	required: ["--mark"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: parseMark,
	evaluate: (data, context) => testMark(data, context.meta.mark, "mark"),
	describe: describeMark("mark match"),
	quickCheck: quickMark,
};

export const connmarkMatch: MatchModule<MarkData> = {
	name: "connmark",
	needsConntrack: true,
	required: ["--mark"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: parseMark,
	evaluate: (data, context) => {
		const { conntrack } = context;
		if (conntrack.info === "INVALID" || conntrack.info === "UNTRACKED")
			return noMatch(`no conntrack (${conntrack.info})`);
		if (conntrack.entry === undefined)
			return unknownOutcome("conntrack entry not known");
		return testMark(data, conntrack.entry.mark, "ctmark");
	},
	describe: describeMark("connmark match"),
	quickCheck: quickMark,
};
