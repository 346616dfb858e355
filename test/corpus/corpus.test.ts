import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkRuleset } from "../../source/engine/check/check-ruleset.js";
import { parseIpsetNames } from "../../source/engine/check/ipset-names.js";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import { parseRuleset } from "../../source/engine/parse/parse-ruleset.js";
import { corpusFiles, corpusRoot, refusedByIptables } from "./corpus-files.js";

const absent = corpusFiles.length === 0;
if (absent)
	console.warn(
		`corpus absent at ${corpusRoot}: set IPTX_RULESETS to run the corpus tests`,
	);

function check(file: string, ipsets?: ReadonlySet<string>) {
	const text = readFileSync(join(corpusRoot, file), "utf8");
	const result = parseRuleset(text, { source: file });
	return checkRuleset(
		result,
		ipsets ? { ipsets, source: file } : { source: file },
	);
}

describe.skipIf(absent)("corpus verdicts agree with iptables-restore", () => {
	test.each(corpusFiles)("%s", (file) => {
		const report = check(file);
		const fatal = report.diagnostics
			.filter((d) => d.fatal)
			.map(formatDiagnostic);
		expect(report.wouldLoad, fatal.slice(0, 5).join("\n")).toBe(
			!refusedByIptables.has(file),
		);
		expect(report.diagnostics.every((d) => d.code !== "internal-error")).toBe(
			true,
		);
	});

	test.each(corpusFiles.filter((f) => f.endsWith(".ip6.rules")))(
		"%s is detected as IPv6",
		(file) => {
			const text = readFileSync(join(corpusRoot, file), "utf8");
			expect(parseRuleset(text).ruleset.family).toBe("ipv6");
		},
	);

	test("the three refused IPv4 files get line-accurate diagnostics", () => {
		const first = (file: string) =>
			formatDiagnostic(
				check(file).diagnostics.find(
					(d) =>
						(d.fatal && d.code !== "invalid-value") ||
						(d.fatal && d.message.includes("MAC")),
				) ??
					check(file).diagnostics.find((d) => d.fatal) ?? {
						severity: "info",
						code: "none",
						message: "none",
						source: file,
						line: 0,
						column: 0,
						length: 0,
					},
			);
		expect(first("ufw/ufw-fail2ban-vserver-2015.rules")).toMatch(
			/^ufw\/ufw-fail2ban-vserver-2015\.rules:2:2: error: unable to initialize table 'nat\\r'/,
		);
		expect(
			first("unusual/ipset-pi-wifi-ap-docker28-tailscale-2026.rules"),
		).toMatch(/:38:\d+: error: Set allowed_internet doesn't exist/);
		const tum = check("realworld/tum-i8-fw-2016.rules").diagnostics.filter(
			(d) => d.fatal && /mac/i.test(d.message),
		);
		expect(tum[0]?.line).toBe(1826);
	});

	const ipsetFile = "unusual/ipset-pi-wifi-ap-docker28-tailscale-2026";
	test.skipIf(!existsSync(join(corpusRoot, `${ipsetFile}.ipset`)))(
		"with its ipset file the ipset ruleset loads",
		() => {
			const names = parseIpsetNames(
				readFileSync(join(corpusRoot, `${ipsetFile}.ipset`), "utf8"),
			);
			expect(check(`${ipsetFile}.rules`, names).wouldLoad).toBe(true);
		},
	);
});

test.skipIf(!absent)("corpus absent: set IPTX_RULESETS", () => {});
