/**
 * `-m iprange --src-range a-b / --dst-range a-b` (xt_iprange.c): inclusive,
 * compared as unsigned 32-bit numbers (IPv4) or as 128-bit big-endian
 * numbers (IPv6, iprange_ipv6_lt); each side can be inverted.
 */
import type { Family, RawOption } from "../model/ruleset.js";
import {
	compareAddress,
	formatAddress,
	type IpAddress,
} from "../net/address.js";
import { parseXtablesIpv4 } from "../net/ipv4.js";
import { readIpv6Text } from "../net/ipv6-text.js";
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
	readonly min: IpAddress;
	readonly max: IpAddress;
	readonly invert: boolean;
};

export type IprangeData = { readonly src?: Range; readonly dst?: Range };

const specs: OptionSpecs = {
	"--src-range": { arity: 1, invert: true },
	"--dst-range": { arity: 1, invert: true },
};

function parseRange(
	option: RawOption,
	family: Family,
	diagnostics: ModuleDiagnostic[],
): Range | undefined {
	const text = option.args[0] ?? "";
	const [a = "", b] = text.split("-");
	// libxt_iprange reads IPv6 sides with xtables_numeric_to_ip6addr.
	const read = family === "ipv6" ? readIpv6Text : parseXtablesIpv4;
	const min = read(a);
	const max = b === undefined ? min : read(b);
	if (min === undefined || max === undefined) {
		diagnostics.push(optionError(option, `iprange: bad range "${text}"`));
		return undefined;
	}
	return { min, max, invert: option.invert };
}

function test(name: string, range: Range | undefined, address: IpAddress) {
	if (range === undefined) return matched;
	return check(
		compareAddress(address, range.min) >= 0 &&
			compareAddress(address, range.max) <= 0,
		range.invert,
		`${name} ${formatAddress(address)} not in ${formatAddress(range.min)}-${formatAddress(range.max)}`,
	);
}

const text = (r: Range) =>
	`${r.invert ? "! " : ""}${formatAddress(r.min)}-${formatAddress(r.max)}`;

export const iprangeMatch: MatchModule<IprangeData> = {
	name: "iprange",
	required: ["--src-range", "--dst-range"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: IprangeData = {};
		for (const option of checkOptions(options, specs, diagnostics)) {
			const range = parseRange(option, context.family, diagnostics);
			if (range !== undefined)
				data = { ...data, [option.name.slice(2, 5)]: range };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) =>
		allOf([
			test("source", data.src, context.packet.src),
			test("destination", data.dst, context.packet.dst),
		]),
	describe: (data) =>
		[
			...(data.src ? [`source IP range ${text(data.src)}`] : []),
			...(data.dst ? [`destination IP range ${text(data.dst)}`] : []),
		].join(" "),
};
