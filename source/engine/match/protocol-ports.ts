/**
 * What tcp, udp, udplite, sctp and dccp share: `--sport`/`--dport` ranges
 * (xt_tcpudp.c, xt_sctp.c, xt_dccp.c), the kernel's `-p PROTO` requirement,
 * and the rule that non-first fragments never match.
 */
import type { RawOption } from "../model/ruleset.js";
import {
	formatPortRange,
	inPortRange,
	type PortRange,
	parsePortRange,
} from "../net/port-range.js";
import {
	check,
	type ModuleDiagnostic,
	moduleError,
	noMatch,
	optionError,
	unknownOutcome,
} from "./option-values.js";
import type { MatchContext, MatchOutcome, ParseContext } from "./types.js";

export type PortTest = { readonly range: PortRange; readonly invert: boolean };

export type PortTests = {
	readonly sport?: PortTest;
	readonly dport?: PortTest;
};

/** Reads `--sport`/`--dport` (already canonical) into tests. */
export function parsePortTest(
	option: RawOption,
	diagnostics: ModuleDiagnostic[],
): PortTest | undefined {
	const text = option.args[0] ?? "";
	const range = parsePortRange(text);
	if (range === undefined) {
		diagnostics.push(optionError(option, `invalid port/service "${text}"`));
		return undefined;
	}
	return { range, invert: option.invert };
}

/**
 * The kernel refuses a protocol match unless the rule says `-p NAME` without
 * `!` (x_tables: "only valid for protocol N").
 */
export function requireProtocol(
	module: string,
	protocol: number,
	context: ParseContext,
	column: number,
): ModuleDiagnostic[] {
	if (context.protocol === protocol && !context.protocolInverted) return [];
	return [
		moduleError(
			column,
			`${module} match: only valid for protocol ${protocol}`,
			"protocol-required",
		),
	];
}

/** Header check common to the port matches: fragment and known ports. */
export function portHeaderOutcome(
	module: string,
	context: MatchContext,
): MatchOutcome | undefined {
	if (context.packet.fragmentOffset !== 0)
		return noMatch(`${module}: non-first fragment`);
	return undefined;
}

export function testPort(
	name: "spt" | "dpt",
	test: PortTest | undefined,
	port: number | undefined,
): MatchOutcome {
	if (test === undefined) return { result: "match" };
	if (port === undefined) return unknownOutcome(`${name}: port not known`);
	return check(
		inPortRange(port, test.range),
		test.invert,
		`${name} ${port} not in ${formatPortRange(test.range)}`,
	);
}

/** `dpt:22`, `dpts:1000:2000`, `dpt:!22` as iptables -L prints them. */
export function describePort(name: "spt" | "dpt", test: PortTest): string {
	const invert = test.invert ? "!" : "";
	return test.range.min === test.range.max
		? `${name}:${invert}${test.range.min}`
		: `${name}s:${invert}${test.range.min}:${test.range.max}`;
}
