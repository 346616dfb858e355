/**
 * `-m udp` and `-m udplite` (xt_tcpudp.c): `--sport`/`--dport` ranges with
 * `!` per option. Non-first fragments never match.
 */

import type { RawOption } from "../model/ruleset.js";
import {
	allOf,
	bang,
	checkOptions,
	firstColumn,
	type ModuleDiagnostic,
	matched,
	moduleError,
	type OptionSpecs,
	unknownOutcome,
} from "./option-values.js";
import {
	describePort,
	type PortSyntax,
	type PortTests,
	parsePortTest,
	portHeaderOutcome,
	quickPortCheck,
	requireProtocol,
	testPort,
} from "./protocol-ports.js";
import type { MatchModule } from "./types.js";

export type UdpMatchData = PortTests & {
	/** Options the engine keeps but cannot decide (sctp `--chunk-types`). */
	readonly opaque?: readonly RawOption[];
};

const specs: OptionSpecs = {
	"--sport": { arity: 1, invert: true },
	"--source-port": { arity: 1, invert: true, alias: "--sport" },
	"--dport": { arity: 1, invert: true },
	"--destination-port": { arity: 1, invert: true, alias: "--dport" },
};

/**
 * A port match for protocol `number` (udp 17, udplite 136, sctp 132, dccp 33).
 * `extra` options are kept and make the match `unknown`: they test chunk or
 * option data the packet model does not carry. `syntax` is how iptables reads
 * the ports (udp and dccp: getaddrinfo(), so `65536` is port 0 and `5:1` is
 * kept; sctp: strict).
 */
export function portOnlyMatch(
	name: string,
	number: number,
	extra: OptionSpecs = {},
	syntax: PortSyntax = "resolver",
): MatchModule<UdpMatchData> {
	const all = { ...specs, ...extra };
	return {
		name,
		protocol: { numbers: [number], name },
		optionNames: Object.keys(all),
		optionSpecs: all,
		parse: (options, context) => {
			const diagnostics: ModuleDiagnostic[] = [];
			let data: UdpMatchData = {};
			for (const option of checkOptions(options, all, diagnostics)) {
				if (option.name in extra) {
					data = { ...data, opaque: [...(data.opaque ?? []), option] };
					continue;
				}
				const test = parsePortTest(option, diagnostics, syntax);
				if (test !== undefined)
					data = { ...data, [option.name.slice(2)]: test };
			}
			diagnostics.push(
				...requireProtocol(name, number, context, firstColumn(options)),
			);
			return { data, diagnostics };
		},
		evaluate: (data, context) =>
			portHeaderOutcome(name, context) ??
			allOf([
				testPort("spt", data.sport, context.packet.sport),
				testPort("dpt", data.dport, context.packet.dport),
				data.opaque === undefined
					? matched
					: unknownOutcome(
							`${name} ${data.opaque.map((o) => o.name).join(" ")} not modelled`,
						),
			]),
		describe: (data) =>
			[
				name,
				...(data.sport ? [describePort("spt", data.sport)] : []),
				...(data.dport ? [describePort("dpt", data.dport)] : []),
				...(data.opaque ?? []).map((o) =>
					`${bang(o.invert)}${o.name} ${o.args.join(" ")}`.trim(),
				),
			].join(" "),
	};
}

/** `-m udp`; also loaded implicitly by `-p udp --dport …`. */
export const udpMatch: MatchModule<UdpMatchData> = {
	...portOnlyMatch("udp", 17),
	quickCheck: quickPortCheck(17, "resolver"),
};

const udpliteBase = portOnlyMatch("udplite", 136);

/**
 * `-m udplite`: the kernel has it (xt_tcpudp.c, protocol 136), but iptables
 * 1.8.9 ships no libxt_udplite, so iptables-restore refuses the rule
 * ("Couldn't load match `udplite'").
 */
export const udpliteMatch: MatchModule<UdpMatchData> = {
	...udpliteBase,
	parse: (options, context) => {
		const result = udpliteBase.parse(options, context);
		return {
			data: result.data,
			diagnostics: [
				...result.diagnostics,
				moduleError(
					firstColumn(options),
					"iptables has no udplite match extension (Couldn't load match `udplite')",
					"unknown-match",
				),
			],
		};
	},
};
