import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "vitest";

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

/**
 * One test per corpus file, given the file's text; a single skipped test
 * says so when the corpus is absent.
 */
export function testEachCorpusFile(
	title: string,
	body: (text: string, file: string) => void,
): void {
	const absent = corpusFiles.length === 0;
	test
		.skipIf(absent)
		.each(absent ? ["corpus absent: set IPTX_RULESETS"] : corpusFiles)(
		`${title} %s`,
		(file) => body(readFileSync(join(corpusRoot, file), "utf8"), file),
	);
}
