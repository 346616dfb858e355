/**
 * The files that usually sit beside an `iptables-save` dump: what `ip addr`,
 * `ip route`, `route -n`, `ip rule`, `ipset save`, `ip6tables-save` and
 * `ip -6 route` printed on that host, under the names a bundle uses. A bare
 * rules file picks them up.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type Companions = {
	readonly addrText?: string;
	readonly routeText?: string;
	readonly ruleText?: string;
	readonly ipsetText?: string;
	readonly rules6Text?: string;
	readonly route6Text?: string;
	/** The files read, for the user. */
	readonly files: readonly string[];
};

const names = {
	addrText: ["ip-addr.json", "ip-addr.txt"],
	routeText: ["ip-route.json", "ip-route.txt", "route-n.txt"],
	ruleText: ["ip-rule.json", "ip-rule.txt"],
	ipsetText: ["ipset.txt", "ipset.save"],
	rules6Text: ["ip6tables.rules", "rules.v6"],
	route6Text: ["ip6route.json", "ip6route.txt", "route-n6.txt"],
} as const;

/** The kinds of companion files, by the loaded-input field they fill. */
export type CompanionKind = keyof typeof names;

/** Companion files may not be larger than this (a host's addresses and routes are small). */
const maxBytes = 16 * 1024 * 1024;

/** The companions found in the rules file's folder; `given` kinds are left to the command line. */
export function findCompanions(
	rulesFile: string,
	given: ReadonlySet<CompanionKind>,
): Companions {
	const dir = path.dirname(rulesFile);
	const found: Record<string, string> = {};
	const files: string[] = [];
	for (const [kind, candidates] of Object.entries(names)) {
		if (given.has(kind as CompanionKind)) continue;
		for (const name of candidates) {
			const file = path.join(dir, name);
			// `iptx rules.v6` opens the IPv6 file itself, not also as its own companion.
			if (path.resolve(file) === path.resolve(rulesFile)) continue;
			if (!existsSync(file) || !statSync(file).isFile()) continue;
			if (statSync(file).size > maxBytes) continue;
			found[kind] = readFileSync(file, "utf8");
			files.push(file);
			break;
		}
	}
	return { ...found, files };
}
