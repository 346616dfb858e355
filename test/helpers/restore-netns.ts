/**
 * The real iptables-restore in a throwaway network namespace, for the
 * tests that compare `iptx check` with the kernel. Without root or the
 * tools they skip visibly; in CI as root a missing tool is a failure.
 */
import { spawnSync } from "node:child_process";
import process from "node:process";
import { afterAll, expect, test } from "vitest";

export function has(command: string): boolean {
	return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

export type RestoreFamily = "ipv4" | "ipv6";

const binaries: Readonly<Record<RestoreFamily, string>> = {
	ipv4: "iptables-legacy-restore",
	ipv6: "ip6tables-legacy-restore",
};

/** True when this process can load rulesets into a fresh namespace. */
export function restoreAvailable(families: readonly RestoreFamily[]): boolean {
	return (
		process.getuid?.() === 0 &&
		has("ip") &&
		families.every((family) => has(binaries[family]))
	);
}

/**
 * One visible skip when the kernel cannot be asked; in CI as root that
 * test fails instead, so a kernel test never silently stops running.
 */
export function skippedUnless(available: boolean, title: string): void {
	if (available) return;
	const mustRun = process.env["CI"] !== undefined && process.getuid?.() === 0;
	if (mustRun)
		test(`${title}: CI runs as root, so the kernel test must run`, () => {
			expect.fail(`${title}: need ip netns and the legacy restore binaries`);
		});
	else {
		console.warn(`${title} skipped: need root, ip netns and the restore tools`);
		test.skip(`${title} skipped: need root, ip netns and the restore tools`, () => {});
	}
}

const namespaces = new Set<string>();
let counter = 0;

afterAll(() => {
	for (const ns of namespaces) spawnSync("ip", ["netns", "del", ns]);
});

export type RestoreResult = { readonly ok: boolean; readonly stderr: string };

/**
 * Exit status of a real restore of `text` into a fresh namespace; `ipset`
 * (`ipset save` output) is restored there first.
 */
export function kernelLoads(
	text: string,
	family: RestoreFamily,
	ipset?: string,
): RestoreResult {
	const ns = `iptx-kv-${process.pid}-${counter++}`;
	spawnSync("ip", ["netns", "add", ns]);
	namespaces.add(ns);
	try {
		if (ipset !== undefined)
			spawnSync("ip", ["netns", "exec", ns, "ipset", "restore"], {
				input: ipset,
			});
		const out = spawnSync("ip", ["netns", "exec", ns, binaries[family]], {
			input: text,
			encoding: "utf8",
		});
		return { ok: out.status === 0, stderr: out.stderr };
	} finally {
		spawnSync("ip", ["netns", "del", ns]);
		namespaces.delete(ns);
	}
}
