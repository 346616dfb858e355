/**
 * The NAT targets (xt_nat.c, xt_MASQUERADE.c, xt_REDIRECT.c, xt_NETMAP.c):
 * each asks the nat hook to bind the connection's source or destination;
 * the traversal turns MASQUERADE and REDIRECT into concrete addresses from
 * the host (outgoing device's address, incoming device's primary address).
 */
import type { ModuleDiagnostic } from "../match/option-values.js";
import type { RawOption } from "../model/ruleset.js";
import { parseIpv4Network } from "../net/ipv4.js";
import {
	describeRange,
	parseAddressRange,
	parsePortRange,
	type RangeFlags,
} from "./nat-range.js";
import { badValue, lookupOptions } from "./target-options.js";
import type { NatRange, TargetModule } from "./types.js";

type NatData = { readonly range: NatRange; readonly netmapMask?: number };

function flagsOf(has: (name: string) => boolean): RangeFlags {
	return {
		random: has("--random"),
		randomFully: has("--random-fully"),
		persistent: has("--persistent"),
	};
}

/** Protocols whose ports a NAT range may set (nf_nat_core: l4proto with ports). */
const portProtocols = new Set([6, 17, 33, 132, 136]);

/** NETMAP maps the destination in PREROUTING/OUTPUT and the source in POSTROUTING/INPUT. */
function manipFor(
	manip: "src" | "dst" | "by-hook",
	hook: string,
): "src" | "dst" {
	if (manip !== "by-hook") return manip;
	return hook === "PREROUTING" || hook === "OUTPUT" ? "dst" : "src";
}

function natTarget(
	name: string,
	manip: "src" | "dst" | "by-hook",
	known: readonly string[],
	read: (
		option: (name: string) => RawOption | undefined,
		flags: RangeFlags,
		diagnostics: ModuleDiagnostic[],
	) => NatData,
	where: Pick<TargetModule<NatData>, "hooks">,
): TargetModule<NatData> {
	return {
		name,
		optionNames: known,
		tables: ["nat"],
		...where,
		parse: (options, context) => {
			const o = lookupOptions(options, known, name);
			const data = read(o.option, flagsOf(o.has), o.diagnostics);
			const required = { SNAT: "--to-source", DNAT: "--to-destination" }[name];
			if (required !== undefined && !o.has(required))
				o.diagnostics.push(
					badValue(
						undefined,
						`${name}: option "${required}" must be specified`,
					),
				);
			const portless =
				!portProtocols.has(context.protocol) || context.protocolInverted;
			if (data.range.minPort !== undefined && portless)
				o.diagnostics.push(
					badValue(
						options.find((opt) => opt.name.startsWith("--to")),
						`${name}: Need TCP, UDP, SCTP or DCCP with port specification`,
					),
				);
			return { data, diagnostics: o.diagnostics };
		},
		apply: (data, context) => ({
			effect: {
				kind: "nat",
				manip: manipFor(manip, context.hook),
				range: data.range,
				target: name,
				...(data.netmapMask === undefined
					? {}
					: { netmapMask: data.netmapMask }),
			},
		}),
		describe: (data) => `${name} ${describeRange(data.range)}`.trim(),
	};
}

export const dnatTarget = natTarget(
	"DNAT",
	"dst",
	["--to-destination", "--random", "--persistent"],
	(option, flags, diagnostics) => ({
		range: parseAddressRange(
			option("--to-destination"),
			flags,
			diagnostics,
			"DNAT",
		),
	}),
	{ hooks: ["PREROUTING", "OUTPUT"] },
);

export const snatTarget = natTarget(
	"SNAT",
	"src",
	["--to-source", "--random", "--random-fully", "--persistent"],
	(option, flags, diagnostics) => ({
		range: parseAddressRange(option("--to-source"), flags, diagnostics, "SNAT"),
	}),
	{ hooks: ["POSTROUTING", "INPUT"] },
);

export const masqueradeTarget = natTarget(
	"MASQUERADE",
	"src",
	["--to-ports", "--random", "--random-fully"],
	(option, flags, diagnostics) => ({
		range: parsePortRange(
			option("--to-ports"),
			flags,
			diagnostics,
			"MASQUERADE",
		),
	}),
	{ hooks: ["POSTROUTING"] },
);

export const redirectTarget = natTarget(
	"REDIRECT",
	"dst",
	["--to-ports", "--random"],
	(option, flags, diagnostics) => ({
		range: parsePortRange(option("--to-ports"), flags, diagnostics, "REDIRECT"),
	}),
	{ hooks: ["PREROUTING", "OUTPUT"] },
);

export const netmapTarget = natTarget(
	"NETMAP",
	"by-hook",
	["--to"],
	(option, flags, diagnostics) => {
		const network = parseIpv4Network(option("--to")?.args[0] ?? "");
		if (!network) {
			diagnostics.push(
				badValue(option("--to"), "NETMAP: --to needs an address/prefix"),
			);
			return { range: { ...flags } };
		}
		return {
			range: {
				...flags,
				minAddress: network.address,
				maxAddress: (network.address | ~network.mask) >>> 0,
			},
			netmapMask: network.mask,
		};
	},
	{},
);
