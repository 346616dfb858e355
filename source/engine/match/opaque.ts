/**
 * Matches iptx knows by name but cannot decide from a packet: they keep every
 * option as written and evaluate to `unknown` with the reason, which is more
 * useful than an unknown-module warning. `nfacct` always matches (it only
 * counts). IPv6-only modules are marked as such.
 */
import type { RawOption } from "../model/ruleset.js";
import { matched, unknownOutcome } from "./option-values.js";
import type { MatchModule } from "./types.js";

export type OpaqueData = { readonly options: readonly RawOption[] };

/** A module that keeps its options and answers `unknown` with `reason`. */
export function opaqueMatch(
	name: string,
	reason: string,
	families: readonly ("ipv4" | "ipv6")[] = ["ipv4", "ipv6"],
	needsConntrack = false,
): MatchModule<OpaqueData> {
	return {
		name,
		...(needsConntrack ? { needsConntrack } : {}),
		optionNames: [],
		families,
		parse: (options) => ({ data: { options }, diagnostics: [] }),
		evaluate: () => unknownOutcome(`${name}: ${reason}`),
		describe: (data) =>
			[
				name,
				...data.options.map(
					(o) =>
						`${o.invert ? "! " : ""}${o.name}${o.args.map((a) => ` ${a}`).join("")}`,
				),
			].join(" "),
	};
}

const ipv6Only = ["ipv6"] as const;
const both = ["ipv4", "ipv6"] as const;

export const opaqueMatches: readonly MatchModule<OpaqueData>[] = [
	opaqueMatch("devgroup", "device groups are not modelled"),
	opaqueMatch("cpu", "the receiving CPU is not modelled"),
	opaqueMatch("socket", "socket lookup is not modelled"),
	opaqueMatch("bpf", "BPF programs are not run"),
	opaqueMatch("cgroup", "control groups are not modelled"),
	opaqueMatch("ipvs", "IPVS is not modelled", both, true),
	opaqueMatch("osf", "passive OS fingerprinting is not modelled"),
	opaqueMatch("geoip", "no GeoIP database"),
	opaqueMatch("realm", "route realms are not modelled"),
	opaqueMatch("cluster", "cluster node hashing is not modelled", both, true),
	opaqueMatch("connlabel", "connection labels are not tracked", both, true),
	opaqueMatch("l2tp", "L2TP headers are not modelled"),
	opaqueMatch("ipcomp", "IPComp headers are not modelled"),
	opaqueMatch("condition", "xtables-addons conditions are not modelled"),
	opaqueMatch("rateest", "rate estimators are not modelled"),
	{
		...opaqueMatch("mh", "the mobility header type is not modelled", ipv6Only),
		protocol: { numbers: [135], name: "mh" },
	},
];

/** `-m nfacct --nfacct-name NAME`: counts into an accounting object, always true. */
export const nfacctMatch: MatchModule<OpaqueData> = {
	...opaqueMatch("nfacct", "always true"),
	evaluate: () => matched,
};
