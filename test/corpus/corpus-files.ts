import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The shared corpus: IPTX_RULESETS, else ../shared/rulesets next to the repo. */
export const corpusRoot = resolve(
	process.env["IPTX_RULESETS"] ??
		join(import.meta.dirname, "..", "..", "..", "shared", "rulesets"),
);

export const corpusFiles: readonly string[] = existsSync(corpusRoot)
	? readdirSync(corpusRoot, { recursive: true, encoding: "utf8" })
			.filter(
				(f) => f.endsWith(".rules") && statSync(join(corpusRoot, f)).isFile(),
			)
			.sort()
	: [];

/** What a real iptables-legacy-restore 1.8.9 said in a fresh netns. */
export const refusedByIptables: ReadonlySet<string> = new Set([
	"realworld/tum-i8-fw-2016.rules",
	"realworld/tum-i8-fw-2016.ip6.rules",
	"ufw/ufw-fail2ban-vserver-2015.rules",
	"unusual/ipset-pi-wifi-ap-docker28-tailscale-2026.rules",
]);
