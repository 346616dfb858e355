/**
 * Reads the kernel settings that change how netfilter treats packets,
 * straight from /proc/sys and /sys (files, not programs).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export type SysctlRoots = {
	/** @default "/proc" */
	readonly proc?: string;
	/** @default "/sys" */
	readonly sys?: string;
};

/** Sysctls read when present, by dotted name. */
export const sysctlNames: readonly string[] = [
	"net.ipv4.ip_forward",
	"net.ipv4.conf.all.rp_filter",
	"net.ipv4.conf.default.rp_filter",
	"net.ipv4.conf.all.route_localnet",
	"net.netfilter.nf_conntrack_tcp_loose",
	"net.bridge.bridge-nf-call-iptables",
	"net.ipv6.conf.all.forwarding",
	"net.bridge.bridge-nf-call-ip6tables",
];

/** Pseudo-key: "1" when the br_netfilter module is loaded, "0" when not. */
export const brNetfilterKey = "module.br_netfilter";

function readValue(file: string): string | undefined {
	try {
		return readFileSync(file, "utf8").trim();
	} catch {
		return undefined;
	}
}

function sysctlFile(proc: string, name: string): string {
	const parts = name.split(".").map((part) => part.replaceAll("/", "."));
	return path.join(proc, "sys", ...parts);
}

/**
 * Reads `sysctlNames` plus each interface's `rp_filter` (the kernel uses the
 * larger of `all` and the interface's value). Missing files are left out:
 * `nf_conntrack_tcp_loose` only exists once conntrack is loaded, the bridge
 * settings only with br_netfilter.
 */
export function readSysctls(roots: SysctlRoots = {}): Record<string, string> {
	const proc = roots.proc ?? "/proc";
	const sys = roots.sys ?? "/sys";
	const values: Record<string, string> = {};
	for (const name of sysctlNames) {
		const value = readValue(sysctlFile(proc, name));
		if (value !== undefined) {
			values[name] = value;
		}
	}
	for (const device of interfaceNames(proc)) {
		const name = `net.ipv4.conf.${device.replaceAll(".", "/")}.rp_filter`;
		const value = readValue(sysctlFile(proc, name));
		if (value !== undefined) {
			values[name] = value;
		}
	}
	values[brNetfilterKey] = isDirectory(path.join(sys, "module", "br_netfilter"))
		? "1"
		: "0";
	return values;
}

function interfaceNames(proc: string): readonly string[] {
	try {
		return readdirSync(path.join(proc, "sys", "net", "ipv4", "conf"))
			.filter((name) => name !== "all" && name !== "default")
			.sort();
	} catch {
		return [];
	}
}

function isDirectory(dir: string): boolean {
	try {
		return statSync(dir).isDirectory();
	} catch {
		return false;
	}
}
