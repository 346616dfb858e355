/**
 * Whether connection tracking runs at all. The kernel registers conntrack's
 * hooks in a network namespace only when something asks for it
 * (nf_ct_netns_get): matches and targets that read or write connections do,
 * the nat table alone does not (recorded on kernel 6.18: a namespace with a
 * nat table but no such rule walks no nat chain, because no packet has a
 * connection). NOTRACK, `CT --notrack`, recent and TPROXY do not ask.
 */
import type { Ruleset } from "../model/ruleset.js";
import { nftNeedsConntrack } from "../nft-eval/conntrack-need.js";
import type { Run, SimulationContext } from "./run.js";

const matchesNeedingConntrack: ReadonlySet<string> = new Set([
	"conntrack",
	"state",
	"connmark",
	"connlimit",
	"connbytes",
	"connlabel",
	"helper",
	"cluster",
	"ipvs",
]);

const targetsNeedingConntrack: ReadonlySet<string> = new Set([
	"DNAT",
	"SNAT",
	"MASQUERADE",
	"REDIRECT",
	"NETMAP",
	"CONNMARK",
	"CONNSECMARK",
	"SYNPROXY",
	"CLUSTERIP",
]);

const cache = new WeakMap<Ruleset, boolean>();

function computeUse(ruleset: Ruleset): boolean {
	for (const table of ruleset.tables.values()) {
		for (const chain of table.chains.values()) {
			for (const rule of chain.rules) {
				for (const match of rule.matches) {
					if (matchesNeedingConntrack.has(match.module)) return true;
				}
				const target = rule.target;
				if (!target) continue;
				if (targetsNeedingConntrack.has(target.name)) return true;
				// CT attaches templates (zones, helpers) except with --notrack.
				if (
					target.name === "CT" &&
					!target.options.some((o) => o.name === "--notrack")
				)
					return true;
			}
		}
	}
	return false;
}

/** True when some rule makes the kernel track connections. */
export function usesConntrack(ruleset: Ruleset): boolean {
	let use = cache.get(ruleset);
	if (use === undefined) {
		use = computeUse(ruleset);
		cache.set(ruleset, use);
	}
	return use;
}

/**
 * True when the kernel tracks this family's connections: an x_tables rule
 * or an nft rule (`nftNeedsConntrack`) asked for it.
 */
export function familyTracks(
	context: SimulationContext,
	family: "ipv4" | "ipv6",
): boolean {
	const ruleset = family === "ipv6" ? context.ruleset6 : context.ruleset;
	return (
		(ruleset !== undefined && usesConntrack(ruleset)) ||
		nftNeedsConntrack(context.nft, family)
	);
}

/** `familyTracks` for the packet a run carries. */
export function packetTracked(run: Run): boolean {
	return familyTracks(
		run.context,
		run.packet.family === "ipv6" ? "ipv6" : "ipv4",
	);
}
