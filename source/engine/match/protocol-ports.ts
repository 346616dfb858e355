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
	servicePort,
} from "../net/port-range.js";
import {
	check,
	type ModuleDiagnostic,
	moduleError,
	noMatch,
	optionError,
	unknownOutcome,
} from "./option-values.js";
import type {
	MatchContext,
	MatchOutcome,
	ParseContext,
	QuickCheck,
	QuickOptions,
} from "./types.js";

export type PortTest = { readonly range: PortRange; readonly invert: boolean };

export type PortTests = {
	readonly sport?: PortTest;
	readonly dport?: PortTest;
};

/**
 * How a module reads its port option: `strict` is libxt_tcp/libxt_sctp's own
 * parser (0–65535, min ≤ max); `resolver` is the generic port-range option
 * type of libxt_udp and libxt_dccp, which hands each side to getaddrinfo().
 */
export type PortSyntax = "strict" | "resolver";

/**
 * One side of a resolver-parsed range as glibc's getaddrinfo() reads a
 * numeric service: strtoul() in base 10 (leading blanks and sign allowed),
 * kept as a C `int` (negative → refused) and then truncated to 16 bits, so
 * `65536` loads as port 0 and `70000` as 4464.
 */
export function resolvePort(text: string): number | undefined {
	const numeric = /^[\t\n\v\f\r ]*([+-]?)(\d+)$/.exec(text);
	if (numeric === null) return /\s/.test(text) ? undefined : servicePort(text);
	const digits = BigInt(numeric[2] ?? "0");
	const max = 1n << 64n;
	const parsed = digits >= max ? max - 1n : digits;
	const value = numeric[1] === "-" && parsed !== 0n ? max - parsed : parsed;
	const asInt = BigInt.asIntN(32, value);
	return asInt < 0n ? undefined : Number(asInt & 0xffffn);
}

/**
 * `a`, `a:b`, `a:`, `:b` with getaddrinfo() sides; a reversed range is kept
 * (it matches no port), a third component is refused.
 */
export function parseResolverRange(text: string): PortRange | string {
	const parts = text.split(":");
	if (parts.length > 2)
		return `too many components for a port range "${text}" (max: 2)`;
	const sides = parts.map((part, index) =>
		part === "" ? (index === 0 ? 0 : 65535) : resolvePort(part),
	);
	const bad = parts.find((_, index) => sides[index] === undefined);
	if (bad !== undefined) return `port "${bad}" does not resolve to anything`;
	const min = sides[0] ?? 0;
	return { min, max: parts.length === 1 ? min : (sides[1] ?? 65535) };
}

/** A port range as the module reads it; a string or undefined: refused. */
function readPortRange(
	text: string,
	syntax: PortSyntax,
): PortRange | string | undefined {
	return syntax === "strict" ? parsePortRange(text) : parseResolverRange(text);
}

/** Reads `--sport`/`--dport` (already canonical) into tests. */
export function parsePortTest(
	option: RawOption,
	diagnostics: ModuleDiagnostic[],
	syntax: PortSyntax = "strict",
): PortTest | undefined {
	const text = option.args[0] ?? "";
	const range = readPortRange(text, syntax);
	if (range === undefined || typeof range === "string") {
		diagnostics.push(
			optionError(option, range ?? `invalid port/service "${text}"`),
		);
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

/**
 * The quick check of a port match: `--sport`/`--dport` (one argument each,
 * `!` allowed) that read as ports, under `-p` of the match's protocol;
 * `other` vouches for the module's other options.
 */
export function quickPortCheck(
	protocol: number,
	syntax: PortSyntax,
	other: (options: QuickOptions, index: number) => boolean = () => false,
): QuickCheck {
	return (options, context) => {
		if (context.protocol !== protocol || context.protocolInverted) return false;
		for (let i = 0; i < options.count; i++) {
			const name = options.name(i);
			if (name !== "--sport" && name !== "--dport") {
				if (!other(options, i)) return false;
				continue;
			}
			if (options.argCount(i) !== 1) return false;
			const range = readPortRange(options.arg(i), syntax);
			if (range === undefined || typeof range === "string") return false;
		}
		return true;
	};
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
