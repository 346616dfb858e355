/**
 * Text from a ruleset never reaches the terminal as control sequences: a
 * log prefix or an option carrying ESC is printed escaped by every command.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

const cli = path.join(import.meta.dirname, "..", "..", "dist", "cli.js");
const samples = path.join(
	import.meta.dirname,
	"..",
	"..",
	"samples",
	"docker-seed",
);
const esc = "\u001b";
const rules = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m comment --comment "x${esc}[2Jy" -j LOG --log-prefix "p${esc}[31m "
-A INPUT -m foo${esc}[0m -j ACCEPT
COMMIT
`;

function run(args: readonly string[], input: string): string {
	try {
		return execFileSync(process.execPath, [cli, ...args], {
			input,
			encoding: "utf8",
		});
	} catch (error) {
		return String((error as { stdout?: string }).stdout ?? "");
	}
}

test.each([
	["check", ["check", "-"], rules],
	[
		"trace",
		[
			"trace",
			"-",
			"--addr",
			path.join(samples, "ip-addr.txt"),
			"--route",
			path.join(samples, "route-n.txt"),
			"tcp 10.0.2.3:1 > 10.0.2.15:22 in eth0 syn",
		],
		rules,
	],
])("%s prints no raw escape", (_name, args, input) => {
	const out = run(args, input);
	expect(out.length).toBeGreaterThan(0);
	expect(out).not.toContain(esc);
	expect(out).toContain("\\x1b");
});
