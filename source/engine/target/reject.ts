/**
 * `-j REJECT` (ipt_REJECT.c): drop the packet and answer with an ICMP error
 * or a TCP reset. Only in the filter table's INPUT, FORWARD and OUTPUT.
 */

import { badValue, lookupOptions, targetSpecs } from "./target-options.js";
import type { TargetModule } from "./types.js";

/**
 * Reject types in libipt_REJECT / libip6t_REJECT table order as
 * [name, alias]. iptables takes the first entry whose name or alias starts
 * with the given text, ignoring case (`i` is icmp-net-unreachable, `tcp` is
 * tcp-reset); each family knows only its own types.
 */
const ipv4Types: readonly (readonly [string, string])[] = [
	["icmp-net-unreachable", "net-unreach"],
	["icmp-host-unreachable", "host-unreach"],
	["icmp-proto-unreachable", "proto-unreach"],
	["icmp-port-unreachable", "port-unreach"],
	["icmp-net-prohibited", "net-prohib"],
	["icmp-host-prohibited", "host-prohib"],
	["tcp-reset", "tcp-rst"],
	["icmp-admin-prohibited", "admin-prohib"],
];

const ipv6Types: readonly (readonly [string, string])[] = [
	["icmp6-no-route", "no-route"],
	["icmp6-adm-prohibited", "adm-prohibited"],
	["icmp6-addr-unreachable", "addr-unreach"],
	["icmp6-port-unreachable", "port-unreach"],
	["tcp-reset", "tcp-reset"],
	["icmp6-policy-fail", "policy-fail"],
	["icmp6-reject-route", "reject-route"],
];

/** The canonical reject type iptables stores for `text`; undefined if none. */
export function parseRejectType(
	text: string,
	family: "ipv4" | "ipv6",
): string | undefined {
	const lower = text.toLowerCase();
	const table = family === "ipv4" ? ipv4Types : ipv6Types;
	return table.find(
		([name, alias]) => name.startsWith(lower) || alias.startsWith(lower),
	)?.[0];
}

export type RejectData = { readonly with: string };

export const rejectTarget: TargetModule<RejectData> = {
	name: "REJECT",
	optionNames: ["--reject-with"],
	optionSpecs: targetSpecs(["--reject-with"]),
	tables: ["filter"],
	hooks: ["INPUT", "FORWARD", "OUTPUT"],
	parse: (options, context) => {
		const o = lookupOptions(options, ["--reject-with"], "REJECT");
		const fallback =
			context.family === "ipv4"
				? "icmp-port-unreachable"
				: "icmp6-port-unreachable";
		const given = o.arg("--reject-with") ?? fallback;
		const how = parseRejectType(given, context.family);
		if (!how)
			o.diagnostics.push(
				badValue(
					o.option("--reject-with"),
					`REJECT: unknown reject type "${given}"`,
				),
			);
		if (
			how === "tcp-reset" &&
			(context.protocol !== 6 || context.protocolInverted)
		)
			o.diagnostics.push(
				badValue(
					o.option("--reject-with"),
					"REJECT: TCP_RESET invalid for non-tcp (the kernel refuses the rule)",
				),
			);
		return {
			data: { with: how ?? fallback },
			diagnostics: o.diagnostics,
		};
	},
	apply: (data) => ({ effect: { kind: "reject", with: data.with } }),
	describe: (data) => `REJECT with ${data.with}`,
	// The default, or one known `--reject-with` (tcp-reset only under -p tcp).
	quickCheck: (options, context) => {
		if (options.count === 0) return true;
		if (options.count !== 1 || options.argCount(0) !== 1) return false;
		if (options.inverted(0)) return false;
		const how = parseRejectType(options.arg(0), context.family);
		return (
			how !== undefined &&
			(how !== "tcp-reset" ||
				(context.protocol === 6 && !context.protocolInverted))
		);
	},
};
