/**
 * What the live tests share: whether network namespaces and the tools work
 * here, the Docker-style host they build in a namespace (eth0 10.0.2.15/24,
 * docker0 172.17.0.1/16, Docker's ipsets), `iptx capture` bundled into one
 * file, and running it inside a namespace. Nothing here touches the
 * firewall outside the namespaces the tests create.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, readFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { hasCommand, isRoot } from "../helpers/root-tests.js";

export const repo = path.resolve(import.meta.dirname, "../..");
export const fixtures = path.join(repo, "test/fixtures/live");

/** Whether namespaces can be made here and each of `tools` is installed. */
export function probeNamespaces(tools: readonly string[]): {
	readonly ok: boolean;
	readonly reason: string;
} {
	if (process.platform !== "linux") return { ok: false, reason: "not Linux" };
	if (!isRoot())
		return { ok: false, reason: "not root (sudo npx vitest run test/live)" };
	for (const tool of ["ip", ...tools])
		if (!hasCommand(tool)) return { ok: false, reason: `${tool} is missing` };
	const probe = `iptx-probe-${process.pid}`;
	try {
		execFileSync("ip", ["netns", "add", probe], { stdio: "pipe" });
		execFileSync("ip", ["netns", "del", probe], { stdio: "pipe" });
		return { ok: true, reason: "" };
	} catch (cause) {
		return {
			ok: false,
			reason: `no network namespaces: ${String(cause).split("\n")[0]}`,
		};
	}
}

/** Runs a command inside the namespace; its standard output. */
export function inNs(
	ns: string,
	command: readonly string[],
	input?: string,
): string {
	return execFileSync("ip", ["netns", "exec", ns, ...command], {
		encoding: "utf8",
		stdio: "pipe",
		...(input === undefined ? {} : { input }),
	});
}

/** Creates namespace `ns` as the Docker-style host, with Docker's ipsets loaded. */
export function createDockerHost(ns: string): void {
	execFileSync("ip", ["netns", "add", ns]);
	const ip = (...args: string[]) => execFileSync("ip", ["-n", ns, ...args]);
	ip("link", "set", "lo", "up");
	ip("link", "add", "eth0", "type", "veth", "peer", "name", "uplink");
	ip("link", "set", "uplink", "up");
	ip("addr", "add", "10.0.2.15/24", "dev", "eth0");
	ip("link", "set", "eth0", "up");
	ip("link", "add", "docker0", "type", "bridge");
	ip("addr", "add", "172.17.0.1/16", "dev", "docker0");
	ip("link", "set", "docker0", "up");
	ip("route", "add", "default", "via", "10.0.2.2", "dev", "eth0");
	inNs(
		ns,
		["ipset", "restore", "-exist"],
		readFileSync(path.join(fixtures, "docker.ipset"), "utf8"),
	);
}

/** `iptx capture` bundled into `outfile`, readable by any user. */
export async function buildCaptureScript(outfile: string): Promise<void> {
	const { build } = await import("esbuild");
	await build({
		entryPoints: [path.join(repo, "source/cli/capture.ts")],
		outfile,
		bundle: true,
		format: "esm",
		platform: "node",
		target: "node20",
		logLevel: "silent",
		// Bundled CommonJS packages call require: give the ESM file one.
		banner: {
			js: 'import { createRequire as iptxRequire } from "node:module"; const require = iptxRequire(import.meta.url);',
		},
	});
	chmodSync(outfile, 0o644);
}

/** Runs `iptx capture --live -o OUT ARGS` inside the namespace, as root or as `asUser`. */
export function captureIn(
	ns: string,
	script: string,
	out: string,
	options: { readonly asUser?: number; readonly args?: readonly string[] } = {},
) {
	const argv = JSON.stringify(["--live", "-o", out, ...(options.args ?? [])]);
	const code = `const {runCapture} = await import(${JSON.stringify(script)}); process.exitCode = await runCapture(${argv});`;
	const node = [process.execPath, "--input-type=module", "-e", code];
	const command =
		options.asUser === undefined
			? node
			: [
					"setpriv",
					`--reuid=${options.asUser}`,
					`--regid=${options.asUser}`,
					"--clear-groups",
					...node,
				];
	return spawnSync("ip", ["netns", "exec", ns, ...command], {
		encoding: "utf8",
		timeout: 60_000,
		cwd: path.dirname(script),
	});
}
