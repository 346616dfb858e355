/**
 * `-m string` (xt_string.c): searches the packet bytes between `--from` and
 * `--to` (offsets from the IP header start) for `--string`/`--hex-string`,
 * `--icase` ignoring case; `!` inverts. Without payload bytes a hit in the
 * headers still decides, otherwise the match is `unknown`.
 */
import type { RawOption } from "../model/ruleset.js";
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
	unknownOutcome,
} from "./option-values.js";
import { packetBytes } from "./packet-bytes.js";
import type { MatchModule } from "./types.js";

export type StringData = {
	readonly pattern: readonly number[];
	readonly text: string;
	readonly algo: string;
	readonly from: number;
	readonly to: number;
	readonly icase: boolean;
	readonly invert: boolean;
};

const specs: OptionSpecs = {
	"--algo": { arity: 1 },
	"--from": { arity: 1 },
	"--to": { arity: 1 },
	"--string": { arity: 1, invert: true },
	"--hex-string": { arity: 1, invert: true },
	"--icase": { arity: 0 },
};

/** `|0d0a|` segments are hex, the rest literal (libxt_string). */
export function parseHexString(text: string): number[] | undefined {
	const bytes: number[] = [];
	const parts = text.split("|");
	if (parts.length % 2 === 0) return undefined;
	for (const [i, part] of parts.entries()) {
		if (i % 2 === 0) for (const ch of part) bytes.push(ch.charCodeAt(0) & 255);
		else {
			const hex = part.replace(/\s+/g, "");
			if (!/^([0-9a-f]{2})*$/i.test(hex)) return undefined;
			for (let j = 0; j < hex.length; j += 2)
				bytes.push(Number.parseInt(hex.slice(j, j + 2), 16));
		}
	}
	return bytes;
}

function parseOption(
	option: RawOption,
	data: StringData,
	diagnostics: ModuleDiagnostic[],
): StringData {
	const text = option.args[0] ?? "";
	switch (option.name) {
		case "--algo":
			if (text !== "bm" && text !== "kmp")
				diagnostics.push(optionError(option, `unknown algorithm "${text}"`));
			return { ...data, algo: text };
		case "--from":
		case "--to": {
			const value = parseDecimal(text, 65535);
			if (value === undefined)
				diagnostics.push(optionError(option, `bad offset "${text}"`));
			return { ...data, [option.name.slice(2)]: value ?? 0 };
		}
		case "--icase":
			return { ...data, icase: true };
		default: {
			const pattern =
				option.name === "--string"
					? [...text].map((c) => c.charCodeAt(0) & 255)
					: parseHexString(text);
			if (pattern === undefined || pattern.length === 0)
				diagnostics.push(optionError(option, `bad pattern "${text}"`));
			return { ...data, pattern: pattern ?? [], text, invert: option.invert };
		}
	}
}

const lower = (b: number) => (b >= 65 && b <= 90 ? b + 32 : b);

export const stringMatch: MatchModule<StringData> = {
	name: "string",
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: StringData = {
			pattern: [],
			text: "",
			algo: "",
			from: 0,
			to: 65535,
			icase: false,
			invert: false,
		};
		for (const option of checkOptions(options, specs, diagnostics))
			data = parseOption(option, data, diagnostics);
		const column = firstColumn(options);
		if (data.algo === "")
			diagnostics.push(
				moduleError(
					column,
					"STRING match: You must specify `--algo'",
					"missing-option",
				),
			);
		if (data.pattern.length === 0)
			diagnostics.push(
				moduleError(
					column,
					"STRING match: You must specify `--string' or `--hex-string'",
					"missing-option",
				),
			);
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const view = packetBytes(context.packet);
		const end = Math.min(data.to, view.length);
		const fold = data.icase ? lower : (b: number) => b;
		let missing = false;
		for (let start = data.from; start + data.pattern.length <= end; start++) {
			let ok = true;
			let gap = false;
			for (const [i, want] of data.pattern.entries()) {
				if (view.known[start + i] !== true) gap = true;
				else if (fold(view.bytes[start + i] ?? 0) !== fold(want)) {
					ok = false;
					break;
				}
			}
			if (ok && gap) {
				missing = true;
				continue;
			}
			if (ok)
				return data.invert
					? noMatch(`! string "${data.text}" found at ${start}`)
					: { result: "match", reason: `found at ${start}` };
		}
		if (missing)
			return unknownOutcome(
				"string search needs payload bytes the packet does not carry",
			);
		return data.invert ? matched : noMatch(`string "${data.text}" not found`);
	},
	describe: (data) =>
		`STRING match ${data.invert ? "!" : ""} "${data.text}" ALGO name ${data.algo}${data.from ? ` FROM ${data.from}` : ""}${data.to !== 65535 ? ` TO ${data.to}` : ""}${data.icase ? " ICASE" : ""}`,
};
