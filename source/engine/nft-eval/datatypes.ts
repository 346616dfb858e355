/**
 * nft constants as the kernel compares them: every datatype becomes one
 * runtime value, a number (integers, IPv4 addresses, symbolic constants
 * such as `established` or `tcp`) or a string (IPv6 addresses in the
 * kernel's full notation, which orders as the address bytes do; interface
 * names). nft's symbol tables (src/datatype.c, src/ct.c, src/proto.c,
 * src/fib.c, src/meta.c) give the numbers.
 */
import { parseIpv4 } from "../net/ipv4.js";
import { readIpv6Text } from "../net/ipv6-text.js";
import { parseProtocol } from "../net/protocol.js";
import type { NftDatatype } from "../nft/selectors.js";

/** One register's worth: a number, or an IPv6 address / name string. */
export type NftValue = number | string;

const symbols: Readonly<Record<string, Readonly<Record<string, number>>>> = {
	ct_state: {
		invalid: 1,
		established: 2,
		related: 4,
		new: 8,
		untracked: 64,
	},
	ct_status: {
		expected: 1,
		"seen-reply": 2,
		assured: 4,
		confirmed: 8,
		snat: 16,
		dnat: 32,
		dying: 512,
	},
	ct_dir: { original: 0, reply: 1 },
	nf_proto: { ipv4: 2, ipv6: 10 },
	pkt_type: { host: 0, unicast: 0, broadcast: 1, multicast: 2, other: 3 },
	fib_addrtype: {
		unspec: 0,
		unicast: 1,
		local: 2,
		broadcast: 3,
		anycast: 4,
		multicast: 5,
		blackhole: 6,
		unreachable: 7,
		prohibit: 8,
	},
	tcp_flag: {
		fin: 1,
		syn: 2,
		rst: 4,
		psh: 8,
		ack: 16,
		urg: 32,
		ecn: 64,
		cwr: 128,
	},
	ether_type: { ip: 0x0800, arp: 0x0806, ip6: 0x86dd, vlan: 0x8100 },
	icmp_type: {
		"echo-reply": 0,
		"destination-unreachable": 3,
		"source-quench": 4,
		redirect: 5,
		"echo-request": 8,
		"router-advertisement": 9,
		"router-solicitation": 10,
		"time-exceeded": 11,
		"parameter-problem": 12,
		"timestamp-request": 13,
		"timestamp-reply": 14,
		"info-request": 15,
		"info-reply": 16,
		"address-mask-request": 17,
		"address-mask-reply": 18,
	},
	icmpv6_type: {
		"destination-unreachable": 1,
		"packet-too-big": 2,
		"time-exceeded": 3,
		"parameter-problem": 4,
		"echo-request": 128,
		"echo-reply": 129,
		"mld-listener-query": 130,
		"mld-listener-report": 131,
		"mld-listener-done": 132,
		"mld-listener-reduction": 132,
		"nd-router-solicit": 133,
		"nd-router-advert": 134,
		"nd-neighbor-solicit": 135,
		"nd-neighbor-advert": 136,
		"nd-redirect": 137,
		"router-renumbering": 138,
		"ind-neighbor-solicit": 141,
		"ind-neighbor-advert": 142,
		"mld2-listener-report": 143,
	},
	icmp_code: {
		"net-unreachable": 0,
		"host-unreachable": 1,
		"prot-unreachable": 2,
		"port-unreachable": 3,
		"frag-needed": 4,
		"net-prohibited": 9,
		"host-prohibited": 10,
		"admin-prohibited": 13,
	},
	icmpv6_code: {
		"no-route": 0,
		"admin-prohibited": 1,
		"addr-unreachable": 3,
		"port-unreachable": 4,
		"policy-fail": 5,
		"reject-route": 6,
	},
	inet_service: {
		ssh: 22,
		domain: 53,
		http: 80,
		https: 443,
		ntp: 123,
		smtp: 25,
		ftp: 21,
		telnet: 23,
	},
	boolean: { exists: 1, missing: 0 },
	// nft's dscp_type: class selectors, assured forwarding, expedited forwarding.
	dscp: {
		cs0: 0,
		cs1: 8,
		cs2: 16,
		cs3: 24,
		cs4: 32,
		cs5: 40,
		cs6: 48,
		cs7: 56,
		df: 0,
		be: 0,
		lephb: 1,
		af11: 10,
		af12: 12,
		af13: 14,
		af21: 18,
		af22: 20,
		af23: 22,
		af31: 26,
		af32: 28,
		af33: 30,
		af41: 34,
		af42: 36,
		af43: 38,
		va: 44,
		ef: 46,
	},
};

/** Datatypes held as strings rather than numbers. */
const stringTypes: ReadonlySet<NftDatatype> = new Set([
	"ifname",
	"string",
	"iface_index",
]);

function integer(value: string | number | boolean): number | undefined {
	if (typeof value === "number") return value >>> 0;
	if (typeof value === "boolean") return value ? 1 : 0;
	if (!/^(0x[0-9a-f]+|\d+)$/i.test(value)) return undefined;
	return Number(value) >>> 0;
}

/** A tc class id `major:minor` (hex halves), `root` or `none` (src/meta.c classid). */
function classid(value: string | number | boolean): number | undefined {
	if (value === "root") return 0xffffffff;
	if (value === "none") return 0;
	const parts = /^([0-9a-f]*):([0-9a-f]*)$/i.exec(String(value));
	if (!parts) return integer(value);
	const major = Number.parseInt(parts[1] || "0", 16);
	const minor = Number.parseInt(parts[2] || "0", 16);
	return ((major << 16) | minor) >>> 0;
}

/**
 * The runtime value of a constant compared with (or stored for) a datatype;
 * undefined when it cannot be read as one.
 */
export function constantValue(
	value: string | number | boolean,
	type: NftDatatype,
): NftValue | undefined {
	if (type === "ipv4_addr")
		return typeof value === "string" ? parseIpv4(value) : integer(value);
	if (type === "ipv6_addr")
		return typeof value === "string" ? readIpv6Text(value) : undefined;
	if (stringTypes.has(type)) return String(value);
	if (type === "classid") return classid(value);
	if (type === "inet_proto" && typeof value === "string")
		return parseProtocol(value === "ipv6-icmp" ? "icmpv6" : value);
	const table = symbols[type];
	if (typeof value === "string" && table && Object.hasOwn(table, value))
		return table[value];
	return integer(value);
}

/** The number a symbolic constant of a bitmask type stands for. */
export function symbolValue(type: NftDatatype, name: string): number {
	return symbols[type]?.[name] ?? 0;
}
