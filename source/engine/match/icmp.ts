/**
 * `-m icmp --icmp-type` (xt_icmp in ip_tables.c) and `-m icmp6
 * --icmpv6-type` (ip6t_icmp6 in ip6_tables.c): type, type/code or a name;
 * `any` (IPv4) matches every type; `!` inverts. Non-first fragments never
 * match.
 */
import {
	type IcmpTypeSpec,
	icmp6Types,
	icmpTypes,
	parseIcmpType,
} from "./icmp-types.js";
import {
	bang,
	check,
	checkOptions,
	firstColumn,
	hotdrop,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	unknownOutcome,
} from "./option-values.js";
import { requireProtocol } from "./protocol-ports.js";
import type { MatchModule } from "./types.js";

export type IcmpMatchData = {
	readonly spec?: IcmpTypeSpec;
	readonly invert: boolean;
};

function describeSpec(spec: IcmpTypeSpec): string {
	if (spec.type === 0xff) return "any";
	return spec.codeMin === 0 && spec.codeMax === 0xff
		? `${spec.type}`
		: `${spec.type} code ${spec.codeMin}`;
}

type Flavour = {
	readonly name: "icmp" | "icmp6";
	readonly option: string;
	readonly protocol: number;
	readonly table: readonly IcmpTypeSpec[];
	readonly family: "ipv4" | "ipv6";
};

function icmpFamilyMatch(flavour: Flavour): MatchModule<IcmpMatchData> {
	const { name } = flavour;
	const specs: OptionSpecs = { [flavour.option]: { arity: 1, invert: true } };
	return {
		name,
		protocol: {
			numbers: [flavour.protocol],
			name: name === "icmp" ? "icmp" : "ipv6-icmp",
		},
		required: [flavour.option],
		families: [flavour.family],
		optionNames: Object.keys(specs),
		optionSpecs: specs,
		parse: (options, context) => {
			const diagnostics: ModuleDiagnostic[] = [];
			let data: IcmpMatchData = { invert: false };
			for (const option of checkOptions(options, specs, diagnostics)) {
				const text = option.args[0] ?? "";
				const spec = parseIcmpType(text, flavour.table);
				if (spec === undefined)
					diagnostics.push(
						optionError(
							option,
							`Invalid ${name === "icmp" ? "ICMP" : "ICMPv6"} type \`${text}'`,
						),
					);
				else data = { spec, invert: option.invert };
			}
			diagnostics.push(
				...requireProtocol(
					name,
					flavour.protocol,
					context,
					firstColumn(options),
				),
			);
			return { data, diagnostics };
		},
		evaluate: (data, context) => {
			if (context.packet.fragmentOffset !== 0)
				return noMatch(`${name}: non-first fragment`);
			const { spec } = data;
			if (spec === undefined) return matched;
			const icmp = context.packet.icmp;
			if (icmp === undefined)
				return context.packet.incomplete === undefined
					? unknownOutcome("ICMP header not known")
					: hotdrop(`${name}: the header is cut short`);
			const hit =
				(spec.type === 0xff && flavour.family === "ipv4") ||
				(icmp.type === spec.type &&
					icmp.code >= spec.codeMin &&
					icmp.code <= spec.codeMax);
			return check(
				hit,
				data.invert,
				`${name} type ${icmp.type}/${icmp.code} is not ${spec.name}`,
			);
		},
		describe: (data) =>
			data.spec === undefined
				? name
				: `${name} ${bang(data.invert)}${name === "icmp" ? "icmptype" : "ipv6-icmptype"} ${describeSpec(data.spec)}`,
	};
}

/** `-m icmp`; also loaded implicitly by `-p icmp --icmp-type …`. */
export const icmpMatch = icmpFamilyMatch({
	name: "icmp",
	option: "--icmp-type",
	protocol: 1,
	table: icmpTypes,
	family: "ipv4",
});

/** `-m icmp6`; also loaded implicitly by `-p ipv6-icmp --icmpv6-type …`. */
export const icmp6Match = icmpFamilyMatch({
	name: "icmp6",
	option: "--icmpv6-type",
	protocol: 58,
	table: icmp6Types,
	family: "ipv6",
});
