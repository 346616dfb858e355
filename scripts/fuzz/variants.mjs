/**
 * Variants of a fuzz scenario the oracle can record besides the base one:
 * `--topology docker2` (every seed on the two-bridge topology, see
 * docker2.mjs) or `mixed` (chosen per seed), and `--backend nft` (the
 * iptables rules loaded with iptables-nft, traced as nf_tables events).
 * With neither option a seed's scenario is exactly the base one.
 */

import { docker2Scenario } from "./docker2.mjs";
import { createRandom } from "./random.mjs";

/** Whether seed `seed` goes to the two-bridge topology under `topology`. */
export function usesDocker2(seed, topology) {
	if (topology === "docker2") return true;
	if (topology !== "mixed") return false;
	return createRandom((seed ^ 0x2c1b3c6d) >>> 0).chance(0.5);
}

/** The scenario with the chosen variants applied; `tag` is added to its folder's name. */
export function applyVariants(scenario, seed, { topology, backend }) {
	let varied = scenario;
	let tag = "";
	if (usesDocker2(seed, topology)) {
		varied = docker2Scenario(varied, seed);
		tag += "-d2";
	}
	if (backend === "nft") {
		varied = {
			...varied,
			name: `${varied.name}-nft`,
			description: `${varied.description} Loaded with iptables-nft.`,
			iptables_backend: "nft",
		};
		tag += "-nft";
	}
	return { scenario: varied, tag };
}
