/**
 * `-m iprange --src-range a-b / --dst-range a-b` (xt_iprange.c): inclusive,
 * compared as unsigned 32-bit numbers; each side can be inverted.
 */
import type { RawOption } from "../model/ruleset.js";
import { formatIpv4, parseXtablesIpv4 } from "../net/ipv4.js";
import {
	allOf,
	check,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	type OptionSpecs,
	optionError,
} from "./option-values.js";
import type { MatchModule } from "./types.js";

type Range = {
	readonly min: number;
	readonly max: number;
	readonly invert: boolean;
};

export type IprangeData = { readonly src?: Range; readonly dst?: Range };

const specs: OptionSpecs = {
	"--src-range": { arity: 1, invert: true },
	"--dst-range": { arity: 1, invert: true },
};

function parseRange(
	option: RawOption,
	diagnostics: ModuleDiagnostic[],
): Range | undefined {
	const text = option.args[0] ?? "";
	const [a = "", b] = text.split("-");
	const min = parseXtablesIpv4(a);
	const max = b === undefined ? min : parseXtablesIpv4(b);
	if (min === undefined || max === undefined) {
		diagnostics.push(optionError(option, `iprange: bad range "${text}"`));
		return undefined;
	}
	return { min, max, invert: option.invert };
}

function test(name: string, range: Range | undefined, address: number) {
	if (range === undefined) return matched;
	return check(
		address >= range.min && address <= range.max,
		range.invert,
		`${name} ${formatIpv4(address)} not in ${formatIpv4(range.min)}-${formatIpv4(range.max)}`,
	);
}

const text = (r: Range) =>
	`${r.invert ? "! " : ""}${formatIpv4(r.min)}-${formatIpv4(r.max)}`;

export const iprangeMatch: MatchModule<IprangeData> = {
	/** Addresses are read as IPv4 (IPv6 not modelled yet). */
	evaluates: ["ipv4"],
	name: "iprange",
	required: ["--src-range", "--dst-range"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: IprangeData = {};
		for (const option of checkOptions(options, specs, diagnostics)) {
			const range = parseRange(option, diagnostics);
			if (range !== undefined)
				data = { ...data, [option.name.slice(2, 5)]: range };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) =>
		allOf([
			test("source", data.src, context.packet.src as number),
			test("destination", data.dst, context.packet.dst as number),
		]),
	describe: (data) =>
		[
			...(data.src ? [`source IP range ${text(data.src)}`] : []),
			...(data.dst ? [`destination IP range ${text(data.dst)}`] : []),
		].join(" "),
};
