/**
 * The only programs live mode may run, as data. Every entry only reads:
 * none of them can change the firewall, the network or any other state.
 * The runner accepts an id from this table and nothing else, so a command
 * that is not listed here cannot be run through it.
 */
export const readOnlyCommands = {
	/** Prints `iptables v1.8.9 (nf_tables)` or `(legacy)`: the backend the `iptables` command uses. */
	"iptables-version": { program: "iptables", args: ["--version"] },
	"iptables-legacy-save": { program: "iptables-legacy-save", args: [] },
	"iptables-nft-save": { program: "iptables-nft-save", args: [] },
	/** Only when neither backend-specific tool exists (iptables before 1.8). */
	"iptables-save": { program: "iptables-save", args: [] },
	/** The IPv6 tables, from the backend the IPv4 ones were read from. */
	"ip6tables-legacy-save": { program: "ip6tables-legacy-save", args: [] },
	"ip6tables-nft-save": { program: "ip6tables-nft-save", args: [] },
	"ip6tables-save": { program: "ip6tables-save", args: [] },
	"ipset-list-names": { program: "ipset", args: ["list", "-n"] },
	"ipset-save": { program: "ipset", args: ["save"] },
	/** `-d`: bridge ports' hairpin flags (linkinfo.info_slave_data). */
	"ip-addr": { program: "ip", args: ["-j", "-d", "addr", "show"] },
	/** Every table, for policy routing (IPv6 entries are skipped when parsed). */
	"ip-route": { program: "ip", args: ["-j", "route", "show", "table", "all"] },
	"ip-rule": { program: "ip", args: ["-j", "rule", "show"] },
	/** IPv6 routes of the main table (`ip -6 route`). */
	"ip-route6": { program: "ip", args: ["-j", "-6", "route", "show"] },
	"conntrack-list": { program: "conntrack", args: ["-L"] },
	/** The nftables ruleset as JSON, with handles (`list` only reads). */
	"nft-list-ruleset": { program: "nft", args: ["-j", "list", "ruleset"] },
} as const satisfies Record<
	string,
	{ readonly program: string; readonly args: readonly string[] }
>;

export type ReadOnlyCommandId = keyof typeof readOnlyCommands;

/** Where programs are looked up, in order, unless `IPTX_SYSTEM_PATH` says otherwise. */
export const systemDirectories: readonly string[] = [
	"/usr/sbin",
	"/sbin",
	"/usr/bin",
	"/bin",
];

/**
 * For tests only: the name under which a test's environment record (never
 * the process environment) gives colon-separated folders that replace
 * `systemDirectories`, so stub programs can stand in for the real ones.
 */
export const systemPathVariable = "IPTX_SYSTEM_PATH";

/** True when `id` names an entry of the allow-list (guards against prototype keys). */
export function isReadOnlyCommandId(id: string): id is ReadOnlyCommandId {
	return Object.hasOwn(readOnlyCommands, id);
}

/** The program and arguments of an allow-listed command, for display. */
export function commandLine(id: ReadOnlyCommandId): string {
	const { program, args } = readOnlyCommands[id];
	return [program, ...args].join(" ");
}
