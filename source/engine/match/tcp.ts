/**
 * `-m tcp` (xt_tcpudp.c): `--sport`/`--dport` ranges, `--tcp-flags MASK COMP`,
 * `--syn` and `--tcp-option N`, each with its own `!`. Non-first fragments
 * never match.
 */
import {
	allOf,
	bang,
	check,
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	matched,
	type OptionSpecs,
	optionError,
	parseUnsigned,
	splitList,
	unknownOutcome,
} from "./option-values.js";
import {
	describePort,
	type PortTests,
	parsePortTest,
	portHeaderOutcome,
	quickPortCheck,
	requireProtocol,
	testPort,
} from "./protocol-ports.js";
import type {
	MatchContext,
	MatchModule,
	MatchOutcome,
	QuickOptions,
} from "./types.js";

/** The six flags `--tcp-flags` names, in iptables' print order. */
const flagNames = [
	["FIN", 0x01],
	["SYN", 0x02],
	["RST", 0x04],
	["PSH", 0x08],
	["ACK", 0x10],
	["URG", 0x20],
] as const;

export type TcpMatchData = PortTests & {
	readonly flags?: {
		readonly mask: number;
		readonly comp: number;
		readonly invert: boolean;
	};
	readonly option?: { readonly kind: number; readonly invert: boolean };
};

const specs: OptionSpecs = {
	"--sport": { arity: 1, invert: true },
	"--source-port": { arity: 1, invert: true, alias: "--sport" },
	"--dport": { arity: 1, invert: true },
	"--destination-port": { arity: 1, invert: true, alias: "--dport" },
	"--tcp-flags": { arity: 2, invert: true },
	"--syn": { arity: 0, invert: true },
	"--tcp-option": { arity: 1, invert: true },
};

/** `FIN,SYN` / `ALL` / `NONE` → bits; undefined on an unknown name. */
export function parseTcpFlagList(text: string): number | undefined {
	let bits = 0;
	for (const name of splitList(text.toUpperCase())) {
		if (name === "ALL") bits |= 0x3f;
		else if (name === "NONE") continue;
		else {
			const flag = flagNames.find(([n]) => n === name);
			if (flag === undefined) return undefined;
			bits |= flag[1];
		}
	}
	return bits;
}

export function formatTcpFlags(bits: number): string {
	if (bits === 0) return "NONE";
	return flagNames
		.filter(([, bit]) => bits & bit)
		.map(([name]) => name)
		.join(",");
}

function parse(
	options: Parameters<MatchModule<TcpMatchData>["parse"]>[0],
	context: Parameters<MatchModule<TcpMatchData>["parse"]>[1],
) {
	const diagnostics: ModuleDiagnostic[] = [];
	// Filled in place: the parser calls this for every `-m tcp` of a file.
	const data: { -readonly [K in keyof TcpMatchData]: TcpMatchData[K] } = {};
	for (const option of checkOptions(options, specs, diagnostics)) {
		const [a = "", b = ""] = option.args;
		if (option.name === "--sport" || option.name === "--dport") {
			const test = parsePortTest(option, diagnostics);
			if (test === undefined) continue;
			if (option.name === "--sport") data.sport = test;
			else data.dport = test;
		} else if (option.name === "--syn") {
			data.flags = { mask: 0x17, comp: 0x02, invert: option.invert };
		} else if (option.name === "--tcp-flags") {
			const mask = parseTcpFlagList(a);
			const comp = parseTcpFlagList(b);
			if (mask === undefined || comp === undefined)
				diagnostics.push(optionError(option, `Unknown TCP flag "${a} ${b}"`));
			else data.flags = { mask, comp, invert: option.invert };
		} else {
			// libxt_tcp reads the kind as 1–255: option 0 (end of list) is refused.
			const kind = parseUnsigned(a, 255);
			if (kind === undefined || kind === 0)
				diagnostics.push(optionError(option, `Bad TCP option "${a}"`));
			else data.option = { kind, invert: option.invert };
		}
	}
	diagnostics.push(...requireProtocol("tcp", 6, context, firstColumn(options)));
	return { data, diagnostics };
}

/** True when the option list (hex) carries `kind`, walked like tcp_find_option. */
export function hasTcpOption(hex: string, kind: number): boolean {
	const bytes = hex.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? [];
	for (let i = 0; i < bytes.length; ) {
		const op = bytes[i] ?? 0;
		if (op === kind) return true;
		i += op < 2 ? 1 : bytes[i + 1] || 1;
	}
	return false;
}

function evaluate(data: TcpMatchData, context: MatchContext): MatchOutcome {
	const header = portHeaderOutcome("tcp", context);
	if (header !== undefined) return header;
	const { packet } = context;
	const outcomes = [
		testPort("spt", data.sport, packet.sport),
		testPort("dpt", data.dport, packet.dport),
	];
	if (data.flags !== undefined) {
		const { mask, comp, invert } = data.flags;
		const flags = packet.tcp?.flags;
		outcomes.push(
			flags === undefined
				? unknownOutcome("TCP flags not known")
				: check(
						(flags & 0xff & mask) === comp,
						invert,
						`flags ${formatTcpFlags(flags & mask)} ≠ ${formatTcpFlags(comp)} under ${formatTcpFlags(mask)}`,
					),
		);
	}
	if (data.option !== undefined) {
		const options = packet.tcp?.options;
		outcomes.push(
			options === undefined
				? unknownOutcome("TCP options not known")
				: check(
						hasTcpOption(options, data.option.kind),
						data.option.invert,
						`no TCP option ${data.option.kind}`,
					),
		);
	}
	return outcomes.length === 0 ? matched : allOf(outcomes);
}

function describe(data: TcpMatchData): string {
	const parts = ["tcp"];
	if (data.sport) parts.push(describePort("spt", data.sport));
	if (data.dport) parts.push(describePort("dpt", data.dport));
	if (data.option)
		parts.push(`option=${bang(data.option.invert)}${data.option.kind}`);
	if (data.flags)
		parts.push(
			`flags:${bang(data.flags.invert)}${formatTcpFlags(data.flags.mask)}/${formatTcpFlags(data.flags.comp)}`,
		);
	return parts.join(" ");
}

/** `-m tcp`; also loaded implicitly by `-p tcp --dport …`. */
/** `--syn`, and `--tcp-flags MASK COMP` with known flag names. */
function quickTcpOption(options: QuickOptions, index: number): boolean {
	const name = options.name(index);
	const count = options.argCount(index);
	if (name === "--syn") return count === 0;
	return (
		name === "--tcp-flags" &&
		count === 2 &&
		parseTcpFlagList(options.arg(index, 0)) !== undefined &&
		parseTcpFlagList(options.arg(index, 1)) !== undefined
	);
}

export const tcpMatch: MatchModule<TcpMatchData> = {
	name: "tcp",
	protocol: { numbers: [6], name: "tcp" },
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse,
	evaluate,
	describe,
	quickCheck: quickPortCheck(6, "strict", quickTcpOption),
};
