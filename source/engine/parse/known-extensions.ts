/**
 * The match and target extensions a stock iptables 1.8 install ships
 * (`/usr/lib/*\/xtables/lib{xt,ipt,ip6t}_*.so`). A name iptx has no module for
 * but iptables knows is a warning (iptables would load it); any other name is
 * what iptables-restore refuses with "Couldn't load match/target".
 */
import type { Family } from "../model/ruleset.js";

type Availability = "both" | "ipv4" | "ipv6";

const matches: Readonly<Record<string, Availability>> = {
	addrtype: "both",
	ah: "both",
	bpf: "both",
	cgroup: "both",
	cluster: "both",
	comment: "both",
	connbytes: "both",
	connlabel: "both",
	connlimit: "both",
	connmark: "both",
	conntrack: "both",
	cpu: "both",
	dccp: "both",
	devgroup: "both",
	dscp: "both",
	dst: "ipv6",
	ecn: "both",
	esp: "both",
	eui64: "ipv6",
	frag: "ipv6",
	hashlimit: "both",
	hbh: "ipv6",
	helper: "both",
	hl: "ipv6",
	icmp: "ipv4",
	icmp6: "ipv6",
	ipcomp: "both",
	iprange: "both",
	ipv6header: "ipv6",
	ipvs: "both",
	length: "both",
	limit: "both",
	mac: "both",
	mark: "both",
	mh: "ipv6",
	multiport: "both",
	nfacct: "both",
	osf: "both",
	owner: "both",
	physdev: "both",
	pkttype: "both",
	policy: "both",
	quota: "both",
	rateest: "both",
	realm: "ipv4",
	recent: "both",
	rpfilter: "both",
	rt: "ipv6",
	sctp: "both",
	set: "both",
	socket: "both",
	srh: "ipv6",
	state: "both",
	statistic: "both",
	string: "both",
	tcp: "both",
	tcpmss: "both",
	time: "both",
	tos: "both",
	ttl: "ipv4",
	u32: "both",
	udp: "both",
};

const targets: Readonly<Record<string, Availability>> = {
	AUDIT: "both",
	CHECKSUM: "both",
	CLASSIFY: "both",
	CLUSTERIP: "ipv4",
	CONNMARK: "both",
	CONNSECMARK: "both",
	CT: "both",
	DNAT: "both",
	DNPT: "ipv6",
	DSCP: "both",
	ECN: "ipv4",
	HL: "ipv6",
	HMARK: "both",
	IDLETIMER: "both",
	LED: "both",
	LOG: "both",
	MARK: "both",
	MASQUERADE: "both",
	NETMAP: "both",
	NFLOG: "both",
	NFQUEUE: "both",
	NOTRACK: "both",
	RATEEST: "both",
	REDIRECT: "both",
	REJECT: "both",
	SECMARK: "both",
	SET: "both",
	SNAT: "both",
	SNPT: "ipv6",
	SYNPROXY: "both",
	TCPMSS: "both",
	TCPOPTSTRIP: "both",
	TEE: "both",
	TOS: "both",
	TPROXY: "both",
	TRACE: "both",
	TTL: "ipv4",
	ULOG: "ipv4",
};

function available(
	table: Readonly<Record<string, Availability>>,
	name: string,
	family: Family,
): boolean {
	if (!Object.hasOwn(table, name)) return false;
	const where = table[name];
	return where === "both" || where === family;
}

/** True when `-m NAME` would load in a stock iptables of this family. */
export function iptablesHasMatch(name: string, family: Family): boolean {
	const alias =
		name === "icmpv6" || name === "ipv6-icmp" ? "icmp6" : name.toLowerCase();
	return available(matches, alias, family);
}

/** True when `-j NAME` names a target extension of a stock iptables. */
export function iptablesHasTarget(name: string, family: Family): boolean {
	return available(targets, name, family);
}

/** Family a name pins the file to, for auto-detection (undefined: either). */
export function extensionFamily(
	kind: "match" | "target",
	name: string,
): Family | undefined {
	const table = kind === "match" ? matches : targets;
	if (!Object.hasOwn(table, name)) return undefined;
	const where = table[name];
	return where === "both" ? undefined : where;
}

/**
 * Option names of the protocol matches, used to load `-p tcp --dport` etc.
 * implicitly while the registry has no module of that name.
 */
export const protocolMatchOptions: Readonly<Record<string, readonly string[]>> =
	{
		tcp: [
			"--sport",
			"--source-port",
			"--dport",
			"--destination-port",
			"--tcp-flags",
			"--syn",
			"--tcp-option",
		],
		udp: ["--sport", "--source-port", "--dport", "--destination-port"],
		icmp: ["--icmp-type"],
		icmp6: ["--icmpv6-type"],
		sctp: [
			"--sport",
			"--source-port",
			"--dport",
			"--destination-port",
			"--chunk-types",
		],
		dccp: [
			"--sport",
			"--source-port",
			"--dport",
			"--destination-port",
			"--dccp-types",
			"--dccp-option",
		],
		esp: ["--espspi"],
		ah: ["--ahspi", "--ahlen", "--ahres"],
		mh: ["--mh-type"],
	};
