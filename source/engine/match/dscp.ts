/**
 * `-m dscp --dscp N | --dscp-class NAME` (xt_dscp.c): (tos >> 2) == N; `!`
 * inverts. `-m ecn` (xt_ecn.c): `--ecn-tcp-cwr`, `--ecn-tcp-ece` (need
 * `-p tcp`) and `--ecn-ip-ect 0..3`, each invertible.
 */
import {
	allOf,
	check,
	checkOptions,
	type ModuleDiagnostic,
	matched,
	noMatch,
	type OptionSpecs,
	optionError,
	parseUnsigned,
	unknownOutcome,
} from "./option-values.js";
import { hex, parseDscpClass } from "./tos-values.js";
import type { MatchModule, MatchOutcome } from "./types.js";

export type DscpData = { readonly dscp?: number; readonly invert: boolean };

const dscpSpecs: OptionSpecs = {
	"--dscp": { arity: 1, invert: true },
	"--dscp-class": { arity: 1, invert: true },
};

export const dscpMatch: MatchModule<DscpData> = {
	name: "dscp",
	required: Object.keys(dscpSpecs),
	optionNames: Object.keys(dscpSpecs),
	optionSpecs: dscpSpecs,
	parse: (options) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: DscpData = { invert: false };
		for (const option of checkOptions(options, dscpSpecs, diagnostics)) {
			const text = option.args[0] ?? "";
			const dscp =
				option.name === "--dscp"
					? parseUnsigned(text, 63)
					: parseDscpClass(text);
			if (dscp === undefined)
				diagnostics.push(optionError(option, `Invalid DSCP value "${text}"`));
			else data = { dscp, invert: option.invert };
		}
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		if (data.dscp === undefined) return matched;
		const dscp = context.packet.tos >> 2;
		return check(
			dscp === data.dscp,
			data.invert,
			`DSCP ${hex(dscp)} ≠ ${hex(data.dscp)}`,
		);
	},
	describe: (data) =>
		`DSCP match ${data.invert ? "!" : ""}${hex(data.dscp ?? 0)}`,
};

type Flag = { readonly invert: boolean };

export type EcnData = {
	readonly cwr?: Flag;
	readonly ece?: Flag;
	readonly ect?: { readonly value: number; readonly invert: boolean };
};

const ecnSpecs: OptionSpecs = {
	"--ecn-tcp-cwr": { arity: 0, invert: true },
	"--ecn-tcp-ece": { arity: 0, invert: true },
	"--ecn-ip-ect": { arity: 1, invert: true },
};

function tcpFlag(
	name: string,
	test: Flag | undefined,
	flags: number | undefined,
	bit: number,
): MatchOutcome {
	if (test === undefined) return matched;
	if (flags === undefined) return unknownOutcome("TCP flags not known");
	return check((flags & bit) !== 0, test.invert, `TCP ${name} not set`);
}

export const ecnMatch: MatchModule<EcnData> = {
	name: "ecn",
	required: Object.keys(ecnSpecs),
	optionNames: Object.keys(ecnSpecs),
	optionSpecs: ecnSpecs,
	parse: (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: EcnData = {};
		for (const option of checkOptions(options, ecnSpecs, diagnostics)) {
			if (option.name === "--ecn-ip-ect") {
				const value = parseUnsigned(option.args[0] ?? "", 3);
				if (value === undefined)
					diagnostics.push(optionError(option, "ECT value out of range 0..3"));
				else data = { ...data, ect: { value, invert: option.invert } };
			} else
				data = { ...data, [option.name.slice(10)]: { invert: option.invert } };
		}
		// ecn_mt_check4 refuses the TCP bits unless the rule says -p tcp.
		const tcpBits = options.find((o) => o.name !== "--ecn-ip-ect");
		if (
			tcpBits !== undefined &&
			(context.protocol !== 6 || context.protocolInverted)
		)
			diagnostics.push(
				optionError(
					tcpBits,
					`ecn ${tcpBits.name} needs -p tcp (not inverted): the kernel refuses it otherwise`,
					"protocol-required",
				),
			);
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const { packet } = context;
		const ect = data.ect
			? check(
					(packet.tos & 3) === data.ect.value,
					data.ect.invert,
					`ECT ${packet.tos & 3} ≠ ${data.ect.value}`,
				)
			: matched;
		if ((data.cwr || data.ece) && packet.protocol !== 6)
			return noMatch("not TCP");
		return allOf([
			ect,
			tcpFlag("ECE", data.ece, packet.tcp?.flags, 0x40),
			tcpFlag("CWR", data.cwr, packet.tcp?.flags, 0x80),
		]);
	},
	describe: (data) =>
		[
			"ECN match",
			...(data.ece ? [`${data.ece.invert ? "!" : ""}ECE`] : []),
			...(data.cwr ? [`${data.cwr.invert ? "!" : ""}CWR`] : []),
			...(data.ect
				? [`${data.ect.invert ? "!" : ""}ECT=${data.ect.value}`]
				: []),
		].join(" "),
};
