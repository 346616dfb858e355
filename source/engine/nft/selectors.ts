/**
 * What nft can read from a packet, and the datatype of each: the payload
 * fields of each protocol header (src/proto.c), the meta keys (src/meta.c),
 * the ct keys (src/ct.c) and the fib results (src/fib.c). The datatype
 * decides how a value is read and printed and whether an implicit match is a
 * flag test (bitmask types).
 */

/** nft datatype names, as `nft describe` prints them. */
export type NftDatatype = string;

const addr4 = "ipv4_addr";
const addr6 = "ipv6_addr";
const service = "inet_service";

/** Header fields per protocol keyword. */
export const payloadFields: Readonly<
	Record<string, Readonly<Record<string, NftDatatype>>>
> = {
	ether: { saddr: "ether_addr", daddr: "ether_addr", type: "ether_type" },
	vlan: {
		id: "integer",
		cfi: "integer",
		dei: "integer",
		pcp: "integer",
		type: "ether_type",
	},
	arp: {
		htype: "integer",
		ptype: "ether_type",
		hlen: "integer",
		plen: "integer",
		operation: "arp_op",
		"saddr ip": addr4,
		"daddr ip": addr4,
		"saddr ether": "ether_addr",
		"daddr ether": "ether_addr",
	},
	ip: {
		version: "integer",
		hdrlength: "integer",
		dscp: "dscp",
		ecn: "ecn",
		length: "integer",
		id: "integer",
		"frag-off": "integer",
		ttl: "integer",
		protocol: "inet_proto",
		checksum: "integer",
		saddr: addr4,
		daddr: addr4,
	},
	ip6: {
		version: "integer",
		dscp: "dscp",
		ecn: "ecn",
		flowlabel: "integer",
		length: "integer",
		nexthdr: "inet_proto",
		hoplimit: "integer",
		saddr: addr6,
		daddr: addr6,
	},
	icmp: {
		type: "icmp_type",
		code: "icmp_code",
		checksum: "integer",
		id: "integer",
		sequence: "integer",
		gateway: addr4,
		mtu: "integer",
	},
	icmpv6: {
		type: "icmpv6_type",
		code: "icmpv6_code",
		checksum: "integer",
		id: "integer",
		sequence: "integer",
		mtu: "integer",
		"max-delay": "integer",
		"param-problem": "integer",
	},
	igmp: {
		type: "igmp_type",
		mrt: "integer",
		checksum: "integer",
		group: "integer",
	},
	tcp: {
		sport: service,
		dport: service,
		sequence: "integer",
		ackseq: "integer",
		doff: "integer",
		reserved: "integer",
		flags: "tcp_flag",
		window: "integer",
		checksum: "integer",
		urgptr: "integer",
	},
	udp: {
		sport: service,
		dport: service,
		length: "integer",
		checksum: "integer",
	},
	udplite: { sport: service, dport: service, checksum: "integer" },
	sctp: {
		sport: service,
		dport: service,
		vtag: "integer",
		checksum: "integer",
	},
	dccp: { sport: service, dport: service, type: "dccp_pkttype" },
	th: { sport: service, dport: service },
	esp: { spi: "integer", sequence: "integer" },
	ah: {
		nexthdr: "inet_proto",
		hdrlength: "integer",
		reserved: "integer",
		spi: "integer",
		sequence: "integer",
	},
	comp: { nexthdr: "inet_proto", flags: "integer", cpi: "integer" },
	gre: { version: "integer", flags: "integer", protocol: "ether_type" },
};

/** Meta keys (`meta KEY`); the unqualified ones may drop the `meta`. */
export const metaKeys: Readonly<Record<string, NftDatatype>> = {
	length: "integer",
	protocol: "ether_type",
	priority: "classid",
	mark: "mark",
	iif: "iface_index",
	iifname: "ifname",
	iiftype: "iface_type",
	oif: "iface_index",
	oifname: "ifname",
	oiftype: "iface_type",
	skuid: "uid",
	skgid: "gid",
	nftrace: "integer",
	rtclassid: "realm",
	ibrname: "ifname",
	obrname: "ifname",
	ibriport: "ifname",
	obriport: "ifname",
	ibrpvid: "integer",
	ibrvproto: "ether_type",
	pkttype: "pkt_type",
	cpu: "integer",
	iifgroup: "devgroup",
	oifgroup: "devgroup",
	cgroup: "cgroupv2",
	random: "integer",
	ipsec: "boolean",
	secpath: "boolean",
	nfproto: "nf_proto",
	l4proto: "inet_proto",
	time: "time",
	day: "day",
	hour: "hour",
	sdif: "iface_index",
	sdifname: "ifname",
	broute: "integer",
	secmark: "integer",
	iifkind: "string",
	oifkind: "string",
};

/** Keys nft accepts without `meta` in front (parser_bison.y meta_key_unqualified). */
export const unqualifiedMetaKeys: ReadonlySet<string> = new Set([
	"mark",
	"iif",
	"iifname",
	"iiftype",
	"oif",
	"oifname",
	"oiftype",
	"skuid",
	"skgid",
	"nftrace",
	"rtclassid",
	"ibriport",
	"obriport",
	"ibrname",
	"obrname",
	"pkttype",
	"cpu",
	"iifgroup",
	"oifgroup",
	"cgroup",
	"ipsec",
]);

/** ct keys without a direction. */
export const ctKeys: Readonly<Record<string, NftDatatype>> = {
	state: "ct_state",
	direction: "ct_dir",
	status: "ct_status",
	mark: "mark",
	expiration: "time",
	helper: "string",
	l3proto: "nf_proto",
	protocol: "inet_proto",
	zone: "integer",
	label: "ct_label",
	count: "integer",
	id: "integer",
	event: "ct_event",
	secmark: "integer",
	bytes: "integer",
	packets: "integer",
	avgpkt: "integer",
};

/** ct keys after `original`/`reply` (`ip saddr` and `ip6 saddr` too). */
export const ctDirKeys: Readonly<Record<string, NftDatatype>> = {
	saddr: "ipv4_addr",
	daddr: "ipv4_addr",
	"ip saddr": addr4,
	"ip daddr": addr4,
	"ip6 saddr": addr6,
	"ip6 daddr": addr6,
	"proto-src": service,
	"proto-dst": service,
	protocol: "inet_proto",
	l3proto: "nf_proto",
	packets: "integer",
	bytes: "integer",
	avgpkt: "integer",
	zone: "integer",
};

export const fibFlags: ReadonlySet<string> = new Set([
	"saddr",
	"daddr",
	"mark",
	"iif",
	"oif",
]);

/** fib results; `check` is newer nft's spelling of a present-or-not test. */
export const fibResults: Readonly<Record<string, NftDatatype>> = {
	oif: "iface_index",
	oifname: "ifname",
	type: "fib_addrtype",
	check: "boolean",
};

/** Datatypes where an implicit match is a flag test (`in` in nft's JSON). */
export const bitmaskTypes: ReadonlySet<NftDatatype> = new Set([
	"ct_state",
	"ct_status",
	"tcp_flag",
	"ct_event",
]);

/** Datatypes whose values nft prints quoted. */
export const stringTypes: ReadonlySet<NftDatatype> = new Set([
	"ifname",
	"string",
	"ct_label",
]);
