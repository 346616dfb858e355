/**
 * `-m multiport` (xt_multiport.c): `--sports`, `--dports` or `--ports` (either
 * side) with up to 15 ports, a range counting as two; `!` inverts the whole
 * list. Needs `-p tcp|udp|udplite|sctp|dccp`.
 */

import {
	formatPortRange,
	inPortRange,
	type PortRange,
	parsePortRange,
} from "../net/port-range.js";
import {
	check,
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	moduleError,
	noMatch,
	type OptionSpecs,
	optionError,
	splitItems,
	unknownOutcome,
} from "./option-values.js";
import type { MatchModule, ParseContext, QuickOptions } from "./types.js";

export type MultiportData = {
	readonly side: "src" | "dst" | "any";
	readonly ranges: readonly PortRange[];
	readonly invert: boolean;
};

const specs: OptionSpecs = {
	"--sports": { arity: 1, invert: true },
	"--source-ports": { arity: 1, invert: true, alias: "--sports" },
	"--dports": { arity: 1, invert: true },
	"--destination-ports": { arity: 1, invert: true, alias: "--dports" },
	"--ports": { arity: 1, invert: true },
};

const portProtocolNumbers = [6, 17, 136, 132, 33];
const portProtocols = new Set(portProtocolNumbers);

const sideOf = {
	"--sports": "src",
	"--dports": "dst",
	"--ports": "any",
} as const;

/** The kernel keeps 15 ports; a range takes two of them. */
const maxSlots = 15;

/** A port list's ranges, the items that are not ports, and the slots taken. */
function readPortList(text: string): {
	ranges: PortRange[];
	invalid: string[];
	slots: number;
} {
	const ranges: PortRange[] = [];
	const invalid: string[] = [];
	let slots = 0;
	for (const item of splitItems(text)) {
		const range = parsePortRange(item);
		if (range === undefined) invalid.push(item);
		else {
			ranges.push(range);
			slots += range.min === range.max ? 1 : 2;
		}
	}
	return { ranges, invalid, slots };
}

/** One `--sports`/`--dports`/`--ports` list under `-p` of a port protocol. */
function quickCheck(options: QuickOptions, context: ParseContext): boolean {
	if (options.count !== 1 || options.argCount(0) !== 1) return false;
	if (!Object.hasOwn(sideOf, options.name(0))) return false;
	if (!portProtocols.has(context.protocol) || context.protocolInverted)
		return false;
	const { invalid, slots } = readPortList(options.arg(0));
	return invalid.length === 0 && slots <= maxSlots;
}

/** `-m multiport`. */
export const multiportMatch: MatchModule<MultiportData> = {
	name: "multiport",
	protocol: {
		numbers: portProtocolNumbers,
		name: "tcp",
		message:
			"multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
	},
	required: Object.keys(specs),
	optionNames: Object.keys(specs),
	optionSpecs: specs,
	parse: (options, context) => {
		const diagnostics: ModuleDiagnostic[] = [];
		let data: MultiportData = { side: "any", ranges: [], invert: false };
		const valid = checkOptions(options, specs, diagnostics);
		const second = valid[1];
		if (second !== undefined)
			diagnostics.push(
				optionError(second, "multiport can only have one option"),
			);
		for (const option of valid.slice(0, 1)) {
			const { ranges, invalid, slots } = readPortList(option.args[0] ?? "");
			for (const item of invalid)
				diagnostics.push(optionError(option, `invalid port/service "${item}"`));
			if (slots > maxSlots)
				diagnostics.push(optionError(option, "too many ports specified"));
			data = {
				side: sideOf[option.name as keyof typeof sideOf],
				ranges,
				invert: option.invert,
			};
		}
		if (!portProtocols.has(context.protocol) || context.protocolInverted)
			diagnostics.push(
				moduleError(
					firstColumn(options),
					"multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP",
					"protocol-required",
				),
			);
		return { data, diagnostics };
	},
	evaluate: (data, context) => {
		const { packet } = context;
		if (packet.fragmentOffset !== 0)
			return noMatch("multiport: non-first fragment");
		const ports =
			data.side === "src"
				? [packet.sport]
				: data.side === "dst"
					? [packet.dport]
					: [packet.sport, packet.dport];
		if (ports.some((p) => p === undefined))
			return unknownOutcome("multiport: ports not known");
		const hit = data.ranges.some((range) =>
			ports.some((port) => inPortRange(port ?? -1, range)),
		);
		return check(
			hit,
			data.invert,
			`${ports.join("/")} not in ${data.ranges.map((r) => formatPortRange(r)).join(",")}`,
		);
	},
	describe: (data) => {
		const name = { src: "sports", dst: "dports", any: "ports" }[data.side];
		const list = data.ranges.map((r) => formatPortRange(r)).join(",");
		return `multiport ${name} ${data.invert ? "! " : ""}${list}`;
	},
	quickCheck,
};
