/**
 * A fake host for live-mode tests: a folder of stub programs that record how
 * they were called and print canned output. `IPTX_SYSTEM_PATH` points at it.
 * Stubs for programs that change things (iptables-restore, nft, sysctl …)
 * are there too, so calling one would show up in the log (`nft` may only
 * be called as `nft -j list ruleset`).
 */
import {
	chmodSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

export type StubBehaviour = {
	readonly stdout?: string;
	readonly stderr?: string;
	readonly exitCode?: number;
	/** Replace the stub with `sleep 30` (tests the timeout). */
	readonly hang?: boolean;
};

/** Keyed by `program args…` as called, e.g. `ip -j addr show`; `program *` matches any args. */
export type StubTable = Readonly<Record<string, StubBehaviour>>;

/** Programs that write state; none of these may ever be called. */
export const forbiddenPrograms = [
	"iptables-restore",
	"iptables-legacy-restore",
	"iptables-nft-restore",
	"iptables-legacy",
	"iptables-nft",
	"ip6tables",
	"nft",
	"sysctl",
	"modprobe",
	"sh",
	"bash",
	"sudo",
] as const;

function quote(text: string): string {
	return `'${text.replaceAll("'", "'\\''")}'`;
}

function stubScript(program: string, table: StubTable, log: string): string {
	const cases = Object.entries(table)
		.filter(([key]) => key.split(" ")[0] === program)
		.map(([key, behaviour]) => {
			const args = key.split(" ").slice(1).join(" ");
			const body = behaviour.hang
				? "  exec /bin/sleep 30\n"
				: `  printf '%s' ${quote(behaviour.stdout ?? "")}\n  printf '%s' ${quote(behaviour.stderr ?? "")} >&2\n  exit ${behaviour.exitCode ?? 0}\n`;
			return `${args === "*" ? "*" : quote(args)})\n${body}  ;;\n`;
		});
	return [
		"#!/bin/sh",
		`printf '%s\\n' "${program} $*" >> ${quote(log)}`,
		'case "$*" in',
		...cases,
		`*) echo "stub ${program}: unexpected arguments: $*" >&2; exit 99 ;;`,
		"esac",
		"",
	].join("\n");
}

const created: string[] = [];

/** Temporary folder that `removeTemporaryFolders` deletes. */
export function temporaryFolder(prefix = "iptx-live-"): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
	created.push(dir);
	return dir;
}

/** Deletes every folder `temporaryFolder` and `createStubHost` made; for afterAll. */
export function removeTemporaryFolders(): void {
	for (const dir of created.splice(0)) {
		rmSync(dir, { recursive: true, force: true });
	}
}

export type StubHost = {
	readonly root: string;
	readonly bin: string;
	readonly proc: string;
	/** Every call, as `program args…`, in order. */
	readonly calls: () => readonly string[];
};

/** Creates the stub folder; `programs` lists which read-only tools are "installed". */
export function createStubHost(
	programs: readonly string[],
	table: StubTable,
): StubHost {
	const root = temporaryFolder("iptx-stub-");
	const bin = path.join(root, "bin");
	const proc = path.join(root, "proc");
	const log = path.join(root, "calls.log");
	mkdirSync(bin);
	writeFileSync(log, "");
	for (const program of [...programs, ...forbiddenPrograms]) {
		const file = path.join(bin, program);
		writeFileSync(file, stubScript(program, table, log));
		chmodSync(file, 0o755);
	}
	const sysctls: Record<string, string> = {
		"sys/net/ipv4/ip_forward": "1",
		"sys/net/ipv4/conf/all/rp_filter": "0",
		"sys/net/ipv4/conf/eth0/rp_filter": "2",
		"sys/net/netfilter/nf_conntrack_tcp_loose": "1",
		"sys/net/ipv6/conf/all/forwarding": "0",
	};
	for (const [file, value] of Object.entries(sysctls)) {
		mkdirSync(path.dirname(path.join(proc, file)), { recursive: true });
		writeFileSync(path.join(proc, file), `${value}\n`);
	}
	return {
		root,
		bin,
		proc,
		calls: () =>
			readFileSync(log, "utf8")
				.split("\n")
				.filter((line) => line !== ""),
	};
}
