/**
 * The NAT targets (xt_nat.c, xt_MASQUERADE.c, xt_REDIRECT.c, xt_NETMAP.c):
 * each asks the nat hook to bind the connection's source or destination;
 * the traversal turns MASQUERADE and REDIRECT into concrete addresses from
 * the host (outgoing device's address, incoming device's primary address).
 */
import type { ModuleDiagnostic } from "../match/option-values.js";
import type { QuickCheck } from "../match/types.js";
import type { Ipv6Text } from "../model/packet.js";
import type { Family } from "../model/ruleset.js";
import { parseIpv4Network } from "../net/ipv4.js";
import { parseIpv6Network } from "../net/ipv6.js";
import { ipv6TextOf } from "../net/ipv6-text.js";
import {
	describeRange,
	parseAddressRange,
	parsePortRange,
	type RangeFlags,
	rangeSetsPorts,
} from "./nat-range.js";
import {
	badValue,
	lookupOptions,
	type OptionLookup,
	targetSpecs,
} from "./target-options.js";
import type { NatAddressSource, NatRange, TargetModule } from "./types.js";

type NatData = {
	readonly range: NatRange;
	readonly netmapMask?: number | Ipv6Text;
};

function flagsOf(o: OptionLookup): RangeFlags {
	return {
		random: o.has("--random"),
		randomFully: o.has("--random-fully"),
		persistent: o.has("--persistent"),
	};
}

/** The option SNAT and DNAT cannot do without. */
const requiredOption: Readonly<Record<string, string>> = {
	SNAT: "--to-source",
	DNAT: "--to-destination",
};

/**
 * Protocols whose ports a NAT range may name: libxt_NAT's `portok` (tcp,
 * udp, sctp, dccp and icmp, not udplite), read from the rule's protocol
 * number whether `-p` is inverted or not, as __NAT_parse reads it.
 */
const portProtocols = new Set([6, 17, 33, 132, 1]);

/** NETMAP maps the destination in PREROUTING/OUTPUT and the source in POSTROUTING/INPUT. */
function manipFor(
	manip: "src" | "dst" | "by-hook",
	hook: string,
): "src" | "dst" {
	if (manip !== "by-hook") return manip;
	return hook === "PREROUTING" || hook === "OUTPUT" ? "dst" : "src";
}

/** The option a NAT target reads its range from, for its quick check. */
type RangeOption = {
	readonly name: string;
	readonly withAddress: boolean;
	/** iptables refuses a `/base` port in this option (REDIRECT). */
	readonly baseRefused?: boolean;
};

/**
 * The quick check of a NAT target whose options are flags and one range
 * option: true when the range is one iptables takes and sets ports only
 * for a protocol with ports (what parse() checks).
 */
function quickRange(target: string, range: RangeOption): QuickCheck {
	return (options, context) => {
		let text: string | undefined;
		for (let i = 0; i < options.count; i++) {
			if (options.inverted(i)) return false;
			if (options.name(i) !== range.name) {
				if (options.argCount(i) !== 0) return false;
			} else if (text !== undefined || options.argCount(i) !== 1) return false;
			else text = options.arg(i);
		}
		if (text === undefined) return requiredOption[target] === undefined;
		const ports = rangeSetsPorts(
			text,
			range.withAddress,
			context.family,
			range.baseRefused,
		);
		if (ports === undefined) return false;
		return !ports || portProtocols.has(context.protocol);
	};
}

function natTarget(
	name: string,
	manip: "src" | "dst" | "by-hook",
	known: readonly string[],
	read: (
		o: OptionLookup,
		flags: RangeFlags,
		diagnostics: ModuleDiagnostic[],
		family: Family,
	) => NatData,
	where: Pick<TargetModule<NatData>, "hooks"> & {
		readonly addressFrom: NatAddressSource;
	},
	range?: RangeOption,
): TargetModule<NatData> {
	return {
		name,
		optionNames: known,
		optionSpecs: targetSpecs(known),
		tables: ["nat"],
		needsConntrack: true,
		...(where.hooks ? { hooks: where.hooks } : {}),
		...(range && { quickCheck: quickRange(name, range) }),
		parse: (options, context) => {
			const o = lookupOptions(options, known, name);
			const data = read(o, flagsOf(o), o.diagnostics, context.family);
			const required = requiredOption[name];
			if (required !== undefined && !o.has(required))
				o.diagnostics.push(
					badValue(
						undefined,
						`${name}: option "${required}" must be specified`,
					),
				);
			if (
				data.range.minPort !== undefined &&
				!portProtocols.has(context.protocol)
			)
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
				addressFrom: where.addressFrom,
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
	(o, flags, diagnostics, family) => ({
		range: parseAddressRange(
			o.option("--to-destination"),
			flags,
			diagnostics,
			"DNAT",
			family,
		),
	}),
	{ hooks: ["PREROUTING", "OUTPUT"], addressFrom: "range" },
	{ name: "--to-destination", withAddress: true },
);

export const snatTarget = natTarget(
	"SNAT",
	"src",
	["--to-source", "--random", "--random-fully", "--persistent"],
	(o, flags, diagnostics, family) => ({
		range: parseAddressRange(
			o.option("--to-source"),
			flags,
			diagnostics,
			"SNAT",
			family,
		),
	}),
	{ hooks: ["POSTROUTING", "INPUT"], addressFrom: "range" },
	{ name: "--to-source", withAddress: true },
);

export const masqueradeTarget = natTarget(
	"MASQUERADE",
	"src",
	["--to-ports", "--random", "--random-fully"],
	(o, flags, diagnostics) => ({
		range: parsePortRange(
			o.option("--to-ports"),
			flags,
			diagnostics,
			"MASQUERADE",
		),
	}),
	{ hooks: ["POSTROUTING"], addressFrom: "out-device" },
	{ name: "--to-ports", withAddress: false },
);

export const redirectTarget = natTarget(
	"REDIRECT",
	"dst",
	["--to-ports", "--random"],
	(o, flags, diagnostics) => ({
		range: parsePortRange(
			o.option("--to-ports"),
			flags,
			diagnostics,
			"REDIRECT",
			true,
		),
	}),
	{ hooks: ["PREROUTING", "OUTPUT"], addressFrom: "in-device" },
	{ name: "--to-ports", withAddress: false, baseRefused: true },
);

/** NETMAP's `--to` for IPv6: the network and its mask in the kernel spelling. */
function netmap6(
	text: string,
	flags: RangeFlags,
	o: OptionLookup,
	diagnostics: ModuleDiagnostic[],
): NatData {
	const network = parseIpv6Network(text);
	if (!network) {
		diagnostics.push(
			badValue(o.option("--to"), "NETMAP: --to needs an address/prefix"),
		);
		return { range: { ...flags } };
	}
	const last = network.address.map(
		(b, i) => b | (~(network.mask[i] ?? 0) & 0xff),
	);
	return {
		range: {
			...flags,
			minAddress: ipv6TextOf(network.address),
			maxAddress: ipv6TextOf(last),
		},
		netmapMask: ipv6TextOf(network.mask),
	};
}

export const netmapTarget = natTarget(
	"NETMAP",
	"by-hook",
	["--to"],
	(o, flags, diagnostics, family) => {
		const text = o.option("--to")?.args[0] ?? "";
		if (family === "ipv6") return netmap6(text, flags, o, diagnostics);
		const network = parseIpv4Network(text);
		if (!network) {
			diagnostics.push(
				badValue(o.option("--to"), "NETMAP: --to needs an address/prefix"),
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
	{ addressFrom: "netmap" },
);
