/**
 * `-m u32 --u32 TESTS` (xt_u32.c): `location = value-set` tests joined by
 * `&&`. A location reads a big-endian word at an offset from the IP header,
 * transformed by `&`, `<<`, `>>` and `@` (move the base by the value read);
 * a value set is numbers and `a:b` ranges joined by `,`. Reading beyond the
 * packet is false; reading bytes the model does not know is `unknown`.
 */
import {
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	parseUnsigned,
	unknownOutcome,
} from "./option-values.js";
import { packetBytes, readWord } from "./packet-bytes.js";
import type { MatchModule, MatchOutcome } from "./types.js";

type Op = { readonly op: "&" | "<<" | ">>" | "@"; readonly value: number };
export type U32Test = {
	readonly start: number;
	readonly ops: readonly Op[];
	readonly values: readonly { readonly min: number; readonly max: number }[];
};

export type U32Data = {
	readonly text: string;
	readonly tests: readonly U32Test[];
	readonly invert: boolean;
};

const specs: OptionSpecs = { "--u32": { arity: 1, invert: true } };

/** Parses the u32 program; a string is an error message. */
export function parseU32(text: string): U32Test[] | string {
	const tests: U32Test[] = [];
	for (const testText of text.replace(/\s+/g, "").split("&&")) {
		const [location = "", valueText, extra] = testText.split("=");
		if (valueText === undefined || extra !== undefined)
			return `u32: missing "=" in "${testText}"`;
		const tokens = location.split(/(&|<<|>>|@)/).filter((t) => t !== "");
		const start = parseUnsigned(tokens[0] ?? "");
		if (start === undefined) return `u32: bad location "${location}"`;
		const ops: Op[] = [];
		for (let i = 1; i < tokens.length; i += 2) {
			const value = parseUnsigned(tokens[i + 1] ?? "");
			if (value === undefined) return `u32: bad location "${location}"`;
			ops.push({ op: tokens[i] as Op["op"], value });
		}
		const values = valueText.split(",").map((range) => {
			const [a = "", b] = range.split(":");
			const min = parseUnsigned(a);
			return {
				min: min ?? -1,
				max: b === undefined ? (min ?? -1) : (parseUnsigned(b) ?? -1),
			};
		});
		if (values.some((v) => v.min < 0 || v.max < 0))
			return `u32: bad value set "${valueText}"`;
		if (ops.length > 10 || values.length > 10)
			return "u32: too many operators or values (at most 10)";
		tests.push({ start, ops, values });
	}
	return tests.length > 10 ? "u32: too many tests (at most 10)" : tests;
}

function runTest(
	test: U32Test,
	view: ReturnType<typeof packetBytes>,
): MatchOutcome {
	const len = view.length;
	if (len < 4 || test.start > len - 4)
		return noMatch(`u32: offset ${test.start} beyond packet`);
	let value = readWord(view, test.start);
	let at = 0;
	for (const { op, value: n } of test.ops) {
		if (value === "unknown")
			return unknownOutcome(`u32: bytes at ${at + test.start} not known`);
		if (op === "&") value = (value & n) >>> 0;
		else if (op === "<<") value = n >= 32 ? 0 : (value << n) >>> 0;
		else if (op === ">>") value = n >= 32 ? 0 : value >>> n;
		else {
			at += value;
			if (at + 4 > len || n > len - at - 4)
				return noMatch(`u32: offset ${at}+${n} beyond packet`);
			value = readWord(view, at + n);
		}
	}
	if (value === "unknown")
		return unknownOutcome("u32: bytes beyond the known headers");
	const v = value;
	return test.values.some((r) => r.min <= v && v <= r.max)
		? matched
		: noMatch(`u32: value 0x${v.toString(16)} not in set`);
}

export const u32Match: MatchModule<U32Data> = {
	name: "u32",
	required: ["--u32"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: U32Data = { text: "", tests: [], invert: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			const tests = parseU32(text);
			if (typeof tests === "string")
				diagnostics.push(optionError(option, tests));
			else data = { text, tests, invert: option.invert };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const view = packetBytes(context.packet);
		let outcome: MatchOutcome = matched;
		for (const test of data.tests) {
			outcome = runTest(test, view);
			if (outcome.result !== "match") break;
		}
		if (outcome.result === "unknown" || !data.invert) return outcome;
		return outcome.result === "match" ? noMatch(`! u32 ${data.text}`) : matched;
	},
	describe: (data) => `u32 ${data.invert ? "! " : ""}"${data.text}"`,
};
