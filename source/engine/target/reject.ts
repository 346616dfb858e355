/**
 * `-j REJECT` (ipt_REJECT.c): drop the packet and answer with an ICMP error
 * or a TCP reset. Only in the filter table's INPUT, FORWARD and OUTPUT.
 */

import { badValue, lookupOptions } from "./target-options.js";
import type { TargetModule } from "./types.js";

const canonical: Readonly<Record<string, string>> = {
	"icmp-net-unreachable": "icmp-net-unreachable",
	"net-unreach": "icmp-net-unreachable",
	"icmp-host-unreachable": "icmp-host-unreachable",
	"host-unreach": "icmp-host-unreachable",
	"icmp-proto-unreachable": "icmp-proto-unreachable",
	"proto-unreach": "icmp-proto-unreachable",
	"icmp-port-unreachable": "icmp-port-unreachable",
	"port-unreach": "icmp-port-unreachable",
	"icmp-net-prohibited": "icmp-net-prohibited",
	"net-prohib": "icmp-net-prohibited",
	"icmp-host-prohibited": "icmp-host-prohibited",
	"host-prohib": "icmp-host-prohibited",
	"icmp-admin-prohibited": "icmp-admin-prohibited",
	"admin-prohib": "icmp-admin-prohibited",
	"tcp-reset": "tcp-reset",
	"tcp-rst": "tcp-reset",
	"icmp6-no-route": "icmp6-no-route",
	"no-route": "icmp6-no-route",
	"icmp6-adm-prohibited": "icmp6-adm-prohibited",
	"adm-prohibited": "icmp6-adm-prohibited",
	"icmp6-addr-unreachable": "icmp6-addr-unreachable",
	"addr-unreach": "icmp6-addr-unreachable",
	"icmp6-port-unreachable": "icmp6-port-unreachable",
};

export type RejectData = { readonly with: string };

export const rejectTarget: TargetModule<RejectData> = {
	name: "REJECT",
	optionNames: ["--reject-with"],
	tables: ["filter"],
	hooks: ["INPUT", "FORWARD", "OUTPUT"],
	parse: (options, context) => {
		const o = lookupOptions(options, ["--reject-with"], "REJECT");
		const given = o.arg("--reject-with") ?? "icmp-port-unreachable";
		const how = canonical[given];
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
			data: { with: how ?? "icmp-port-unreachable" },
			diagnostics: o.diagnostics,
		};
	},
	apply: (data) => ({ effect: { kind: "reject", with: data.with } }),
	describe: (data) => `REJECT with ${data.with}`,
};
