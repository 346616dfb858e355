/**
 * iptx check's verdict against the real thing: each corpus file and a set of
 * broken variants is loaded with iptables-legacy-restore (ip6tables- for
 * IPv6) into a fresh network namespace. Runs only as root with `ip` and the
 * legacy restore binaries; skips visibly otherwise.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseAndCheck } from "../../source/engine/check/check-ruleset.js";
import { parseIpsetNames } from "../../source/engine/check/ipset-names.js";
import { formatDiagnostic } from "../../source/engine/diagnostics.js";
import {
	has,
	kernelLoads,
	restoreAvailable,
	skippedUnless,
} from "../helpers/restore-netns.js";
import { corpusFiles, corpusRoot } from "./corpus-files.js";
import { fileVariants, ip6FileVariants } from "./kernel-verdict-file-cases.js";

const available = restoreAvailable(["ipv4", "ipv6"]);

/** What `iptx check` does (`-6` when `family` is given). */
function iptx(
	text: string,
	ipsets?: ReadonlySet<string>,
	family?: "ipv4" | "ipv6",
) {
	const { result, report } = parseAndCheck(
		text,
		family ? { source: "t", family } : { source: "t" },
		ipsets ? { ipsets } : {},
	);
	return {
		family: result.ruleset.family,
		report,
		fatal: report.diagnostics
			.filter((d) => d.fatal)
			.map(formatDiagnostic)
			.slice(0, 4)
			.join("\n"),
	};
}

const base = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A DOCKER -i docker0 -j RETURN
-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:USER - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j USER
-A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
-A USER -s 10.0.0.0/8 -j ACCEPT
-A USER -p tcp -j REJECT --reject-with tcp-reset
COMMIT
`;

const variants: readonly [string, (text: string) => string][] = [
	["base", (t) => t],
	["undeclared chain", (t) => t.replace(":USER - [0:0]\n", "")],
	["jump to missing chain", (t) => t.replace("-j USER", "-j USERX")],
	[
		"reversed port range",
		(t) => t.replace("--dport 22 -j USER", "--dport 2000:1000 -j USER"),
	],
	[
		"reversed NAT port range",
		(t) =>
			t.replace(
				"-A DOCKER -i docker0 -j RETURN",
				"-A DOCKER -p tcp -j DNAT --to-destination 1.2.3.4:2000-1000",
			),
	],
	[
		"reversed conntrack port range (accepted)",
		(t) =>
			t.replace(
				"-A DOCKER -i docker0 -j RETURN",
				"-A DOCKER -p tcp -m conntrack --ctorigdstport 2000:1000 -j RETURN",
			),
	],
	[
		"loop",
		(t) =>
			t.replace(
				"-A USER -s 10.0.0.0/8 -j ACCEPT",
				"-A USER -s 10.0.0.0/8 -j USER",
			),
	],
	[
		"DNAT in filter",
		(t) =>
			t.replace(
				"-A USER -s 10.0.0.0/8 -j ACCEPT",
				"-A USER -p tcp -j DNAT --to-destination 1.2.3.4",
			),
	],
	[
		"MASQUERADE in PREROUTING",
		(t) =>
			t.replace("-A DOCKER -i docker0 -j RETURN", "-A DOCKER -j MASQUERADE"),
	],
	[
		"-o in PREROUTING",
		(t) =>
			t.replace(
				"-A PREROUTING -m addrtype",
				"-A PREROUTING -o eth0 -m addrtype",
			),
	],
	[
		"-i in POSTROUTING",
		(t) => t.replace("-A POSTROUTING -s", "-A POSTROUTING -i eth0 -s"),
	],
	[
		"tcp-reset without -p tcp",
		(t) => t.replace("-A USER -p tcp -j REJECT", "-A USER -j REJECT"),
	],
	["missing COMMIT", (t) => t.slice(0, t.lastIndexOf("COMMIT"))],
	["bad address", (t) => t.replace("10.0.0.0/8", "10.0.0.256/8")],
	["bad mask", (t) => t.replace("10.0.0.0/8", "10.0.0.0/40")],
	["bad MAC", (t) => t.replace("00:11:22:33:44:55", "00:11:22:33:44:5G")],
	["bad port", (t) => t.replace("--dport 22", "--dport 70000")],
	["unknown option", (t) => t.replace("-i lo", "-i lo --bogus")],
	["unknown match", (t) => t.replace("-m conntrack", "-m nosuchmatch")],
	["rule before table", (t) => `-A INPUT -j ACCEPT\n${t}`],
	["CRLF", (t) => t.replaceAll("\n", "\r\n")],
	[
		"DROP in nat",
		(t) =>
			t.replace(
				"-A DOCKER -i docker0 -j RETURN",
				"-A DOCKER -i docker0 -j DROP",
			),
	],
	[
		"policy on user chain",
		(t) => t.replace(":USER - [0:0]", ":USER ACCEPT [0:0]"),
	],
	[
		"FORWARD in nat",
		(t) =>
			t.replace(":DOCKER - [0:0]", ":FORWARD ACCEPT [0:0]\n:DOCKER - [0:0]"),
	],
	[
		"duplicate chain",
		(t) => t.replace(":USER - [0:0]", ":USER - [0:0]\n:USER - [0:0]"),
	],
	["mac in OUTPUT", (t) => t.replace("-A INPUT -m mac", "-A OUTPUT -m mac")],
	[
		"owner in INPUT",
		(t) =>
			t.replace(
				"-A INPUT -i lo -j ACCEPT",
				"-A INPUT -m owner --uid-owner 0 -j ACCEPT",
			),
	],
	["unknown table", (t) => t.replace("*filter", "*filtre")],
	["empty file", () => ""],
	["binary garbage", () => "\u0000\u0001\u0002\u00ff garbage\n"],
];

describe.skipIf(!available)(
	"iptx check agrees with iptables-legacy-restore in a fresh netns",
	() => {
		test.each(corpusFiles)("corpus %s", (file) => {
			const text = readFileSync(join(corpusRoot, file), "utf8");
			const ours = iptx(text);
			const real = kernelLoads(text, ours.family);
			expect(
				ours.report.wouldLoad,
				`kernel: ${real.stderr}\niptx:\n${ours.fatal}`,
			).toBe(real.ok);
		});

		test.each(variants)("variant: %s", (_name, make) => {
			const text = make(base);
			const ours = iptx(text);
			const real = kernelLoads(text, "ipv4");
			expect(
				ours.report.wouldLoad,
				`kernel: ${real.stderr}\niptx:\n${ours.fatal}`,
			).toBe(real.ok);
		});

		test.each(ip6FileVariants)(
			"ip6tables: %s (recorded: loads %s)",
			(_name, recorded, text) => {
				const ours = iptx(text, undefined, "ipv6");
				const real = kernelLoads(text, "ipv6");
				expect(
					ours.report.wouldLoad,
					`kernel: ${real.stderr}\niptx:\n${ours.fatal}`,
				).toBe(real.ok);
				expect(real.ok, "recorded verdict").toBe(recorded);
			},
		);

		test.each(fileVariants)(
			"edge: %s (recorded: loads %s)",
			(_name, recorded, text) => {
				const ours = iptx(text);
				const real = kernelLoads(text, ours.family);
				expect(
					ours.report.wouldLoad,
					`kernel: ${real.stderr}\niptx:\n${ours.fatal}`,
				).toBe(real.ok);
				expect(real.ok, "recorded verdict").toBe(recorded);
			},
		);

		const ipsetName = "unusual/ipset-pi-wifi-ap-docker28-tailscale-2026";
		test.skipIf(!has("ipset") || !corpusFiles.includes(`${ipsetName}.rules`))(
			"corpus ipset file with its sets restored first",
			() => {
				const text = readFileSync(
					join(corpusRoot, `${ipsetName}.rules`),
					"utf8",
				);
				const sets = readFileSync(
					join(corpusRoot, `${ipsetName}.ipset`),
					"utf8",
				);
				const ours = iptx(text, parseIpsetNames(sets));
				const real = kernelLoads(text, "ipv4", sets);
				expect(
					ours.report.wouldLoad,
					`kernel: ${real.stderr}\niptx:\n${ours.fatal}`,
				).toBe(real.ok);
			},
		);
	},
);

skippedUnless(available, "kernel verdict tests");
