/**
 * `-m icmp --icmp-type` (xt_icmp in ip_tables.c): type, type/code or a name;
 * `any` matches every type; `!` inverts. Non-first fragments never match.
 */
import { type IcmpTypeSpec, parseIcmpType } from "./icmp-types.js";
import {
	bang,
	check,
	checkOptions,
	firstColumn,
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

const specs: OptionSpecs = { "--icmp-type": { arity: 1, invert: true } };

function describeSpec(spec: IcmpTypeSpec): string {
	if (spec.type === 0xff) return "any";
	return spec.codeMin === 0 && spec.codeMax === 0xff
		? `${spec.type}`
		: `${spec.type} code ${spec.codeMin}`;
}

/** `-m icmp`; also loaded implicitly by `-p icmp --icmp-type …`. */
export const icmpMatch: MatchModule<IcmpMatchData> = {
	name: "icmp",
	required: ["--icmp-type"],
	families: ["ipv4"],
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: IcmpMatchData = { invert: false };
		for (const option of checkOptions(options, specs, diagnostics)) {
			const text = option.args[0] ?? "";
			const spec = parseIcmpType(text);
			if (spec === undefined)
				diagnostics.push(optionError(option, `Invalid ICMP type \`${text}'`));
			else data = { spec, invert: option.invert };
		}
		diagnostics.push(
			...requireProtocol("icmp", 1, context, firstColumn(options)),
		);
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		if (context.packet.fragmentOffset !== 0)
			return noMatch("icmp: non-first fragment");
		const { spec } = data;
		if (spec === undefined) return matched;
		const icmp = context.packet.icmp;
		if (icmp === undefined) return unknownOutcome("ICMP header not known");
		const hit =
			spec.type === 0xff ||
			(icmp.type === spec.type &&
				icmp.code >= spec.codeMin &&
				icmp.code <= spec.codeMax);
		return check(
			hit,
			data.invert,
			`icmp type ${icmp.type}/${icmp.code} is not ${spec.name}`,
		);
	},
	describe: (data) =>
		data.spec === undefined
			? "icmp"
			: `icmp ${bang(data.invert)}icmptype ${describeSpec(data.spec)}`,
};
