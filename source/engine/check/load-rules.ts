/**
 * Where the kernel (xt_check_target / xt_check_match) and iptables'
 * userspace accept each target and match, used when a registry module does
 * not say itself. Sources: the `.table`, `.hooks` and `.proto` fields of the
 * xt_* / ipt_* registrations in the Linux kernel.
 */
import type { HookName, TableName } from "../model/ruleset.js";
import { findTargetModule } from "../target/registry.js";

export type Placement = {
	readonly tables?: readonly TableName[];
	readonly hooks?: readonly HookName[];
};

export const targetPlacement: Readonly<Record<string, Placement>> = {
	REJECT: { tables: ["filter"], hooks: ["INPUT", "FORWARD", "OUTPUT"] },
	DNAT: { tables: ["nat"], hooks: ["PREROUTING", "OUTPUT"] },
	SNAT: { tables: ["nat"], hooks: ["POSTROUTING", "INPUT"] },
	MASQUERADE: { tables: ["nat"], hooks: ["POSTROUTING"] },
	REDIRECT: { tables: ["nat"], hooks: ["PREROUTING", "OUTPUT"] },
	NETMAP: { tables: ["nat"] },
	TRACE: { tables: ["raw"] },
	NOTRACK: { tables: ["raw"] },
	CT: { tables: ["raw"] },
	TPROXY: { tables: ["mangle"], hooks: ["PREROUTING"] },
	CHECKSUM: { tables: ["mangle"] },
	TTL: { tables: ["mangle"] },
	HL: { tables: ["mangle"] },
	ECN: { tables: ["mangle"] },
	TOS: { tables: ["mangle"] },
	DSCP: { tables: ["mangle"] },
	CLASSIFY: { tables: ["mangle"], hooks: ["FORWARD", "OUTPUT", "POSTROUTING"] },
	SECMARK: { tables: ["mangle", "security"] },
	CONNSECMARK: { tables: ["mangle", "security"] },
	SYNPROXY: { tables: ["filter"], hooks: ["INPUT", "FORWARD"] },
	DNPT: { tables: ["mangle"], hooks: ["PREROUTING"] },
	SNPT: { tables: ["mangle"], hooks: ["POSTROUTING"] },
};

export const matchHooks: Readonly<Record<string, readonly HookName[]>> = {
	owner: ["OUTPUT", "POSTROUTING"],
	mac: ["PREROUTING", "INPUT", "FORWARD"],
};

/** Matches the kernel only accepts with this exact, uninverted `-p`. */
export const matchProtocol: Readonly<Record<string, number>> = {
	tcp: 6,
	udp: 17,
	udplite: 136,
	sctp: 132,
	dccp: 33,
	icmp: 1,
	icmp6: 58,
	tcpmss: 6,
	esp: 50,
	ah: 51,
	mh: 135,
};

/** Protocols that carry ports (multiport, NAT port ranges). */
export const portProtocols: readonly number[] = [6, 17, 33, 132, 136];

const placements = new Map<string, Placement | undefined>();

/** Where target `name` may be: as its module says, else as the kernel's table says. */
export function placementOf(name: string): Placement | undefined {
	if (placements.has(name)) return placements.get(name);
	const module = findTargetModule(name);
	const placement: Placement | undefined =
		module?.tables || module?.hooks
			? {
					...(module.tables ? { tables: module.tables } : {}),
					...(module.hooks ? { hooks: module.hooks } : {}),
				}
			: targetPlacement[name];
	placements.set(name, placement);
	return placement;
}
