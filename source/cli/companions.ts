/**
 * The files that usually sit beside an `iptables-save` dump: what `ip addr`,
 * `ip route`, `route -n`, `ip rule` and `ipset save` printed on that host,
 * under the names a bundle uses. A bare rules file picks them up.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type Companions = {
	readonly addrText?: string;
	readonly routeText?: string;
	readonly ruleText?: string;
	readonly ipsetText?: string;
	/** The files read, for the user. */
	readonly files: readonly string[];
};

const names = {
	addrText: ["ip-addr.json", "ip-addr.txt"],
	routeText: ["ip-route.json", "ip-route.txt", "route-n.txt"],
	ruleText: ["ip-rule.json", "ip-rule.txt"],
	ipsetText: ["ipset.txt", "ipset.save"],
} as const;

/** Companion files may not be larger than this (a host's addresses and routes are small). */
const maxBytes = 16 * 1024 * 1024;

/** The companions found in the rules file's folder; `given` kinds are left to the command line. */
export function findCompanions(
	rulesFile: string,
	given: ReadonlySet<keyof typeof names>,
): Companions {
	const dir = path.dirname(rulesFile);
	const found: Record<string, string> = {};
	const files: string[] = [];
	for (const [kind, candidates] of Object.entries(names)) {
		if (given.has(kind as keyof typeof names)) continue;
		for (const name of candidates) {
			const file = path.join(dir, name);
			if (!existsSync(file) || !statSync(file).isFile()) continue;
			if (statSync(file).size > maxBytes) continue;
			found[kind] = readFileSync(file, "utf8");
			files.push(file);
			break;
		}
	}
	return { ...found, files };
}
