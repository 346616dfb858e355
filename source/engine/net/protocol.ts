/**
 * IP protocol names as `iptables -p` accepts them: the numbers 0-255, the
 * names in a stock `/etc/protocols`, and xtables' own aliases (`all`,
 * `icmpv6`, `mh`). Embedded because the engine reads no files.
 */

const names: Readonly<Record<string, number>> = {
	all: 0,
	ip: 0,
	hopopt: 0,
	icmp: 1,
	igmp: 2,
	ggp: 3,
	ipencap: 4,
	st: 5,
	tcp: 6,
	egp: 8,
	igp: 9,
	pup: 12,
	udp: 17,
	hmp: 20,
	"xns-idp": 22,
	rdp: 27,
	"iso-tp4": 29,
	dccp: 33,
	xtp: 36,
	ddp: 37,
	"idpr-cmtp": 38,
	ipv6: 41,
	"ipv6-route": 43,
	"ipv6-frag": 44,
	idrp: 45,
	rsvp: 46,
	gre: 47,
	esp: 50,
	ah: 51,
	skip: 57,
	"ipv6-icmp": 58,
	icmpv6: 58,
	"ipv6-nonxt": 59,
	"ipv6-opts": 60,
	rspf: 73,
	vmtp: 81,
	eigrp: 88,
	ospf: 89,
	"ax.25": 93,
	ipip: 94,
	etherip: 97,
	encap: 98,
	pim: 103,
	ipcomp: 108,
	vrrp: 112,
	l2tp: 115,
	isis: 124,
	sctp: 132,
	fc: 133,
	"mobility-header": 135,
	mh: 135,
	udplite: 136,
	"mpls-in-ip": 137,
	manet: 138,
	hip: 139,
	shim6: 140,
	wesp: 141,
	rohc: 142,
	ethernet: 143,
};

/**
 * Protocol number for `-p TEXT` (case-insensitive, as iptables lowercases it),
 * or undefined when iptables would say `unknown protocol`.
 */
export function parseProtocol(text: string): number | undefined {
	if (text.length > 0 && text.length <= 3 && /^\d+$/.test(text)) {
		const value = Number(text);
		return value <= 255 ? value : undefined;
	}
	const lower = text.toLowerCase();
	return Object.hasOwn(names, lower) ? names[lower] : undefined;
}

const preferred: Readonly<Record<number, string>> = {
	0: "all",
	1: "icmp",
	6: "tcp",
	17: "udp",
	33: "dccp",
	47: "gre",
	50: "esp",
	51: "ah",
	58: "ipv6-icmp",
	132: "sctp",
	135: "mh",
	136: "udplite",
};

/** The name iptables-save prints for a protocol number (the number otherwise). */
export function protocolName(value: number): string {
	return preferred[value] ?? String(value);
}

/**
 * The match module `-p NAME` loads implicitly for options like `--dport`
 * (xtables maps icmpv6/ipv6-icmp to `icmp6`), or undefined when none.
 */
export function protocolModule(
	value: number,
	family: "ipv4" | "ipv6",
): string | undefined {
	switch (value) {
		case 1:
			return family === "ipv4" ? "icmp" : undefined;
		case 6:
			return "tcp";
		case 17:
			return "udp";
		case 33:
			return "dccp";
		case 50:
			return "esp";
		case 51:
			return "ah";
		case 58:
			return family === "ipv6" ? "icmp6" : undefined;
		case 132:
			return "sctp";
		case 135:
			return family === "ipv6" ? "mh" : undefined;
		default:
			return undefined;
	}
}
