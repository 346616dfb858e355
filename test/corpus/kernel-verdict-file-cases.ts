/**
 * Whole files at the edges of iptables-restore's reading, with the verdict
 * iptables-legacy-restore 1.8.9 (and ip6tables-legacy-restore) gave on
 * Linux 6.18 in a fresh network namespace: [name, loads, text].
 */

export type FileCase = readonly [string, boolean, string];

const head = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n";

/** A filter file whose INPUT chain has `line` (after `-A INPUT`). */
function inputFile(line: string): string {
	return `${head}-A INPUT ${line}\nCOMMIT\n`;
}

/** The words after `-A INPUT` of a rule line of `total` words. */
function words(total: number): string {
	const list: string[] = [];
	for (let i = 0; list.length + 4 <= total - 4; i++)
		list.push("-m", "comment", "--comment", `c${i}`);
	while (list.length < total - 4) list.push("-v");
	return `${list.join(" ")} -j ACCEPT`;
}

/** A rule line of exactly `length` bytes, words of 900 bytes at most. */
function lineOf(length: number): string {
	const start = "-A INPUT -j ACCEPT";
	let line = start;
	while (line.length + 22 + 900 < length - 40)
		line += ` -m comment --comment ${"b".repeat(900)}`;
	const rest = length - line.length - 22;
	return `${line} -m comment --comment ${"a".repeat(rest)}`;
}

export const fileVariants: readonly FileCase[] = [
	["UTF-8 byte order mark before *filter", false, `\uFEFF${head}COMMIT\n`],
	["user chain ACCEPT", false, `${head}:ACCEPT - [0:0]\nCOMMIT\n`],
	["user chain DROP", false, `${head}:DROP - [0:0]\nCOMMIT\n`],
	["user chain RETURN", false, `${head}:RETURN - [0:0]\nCOMMIT\n`],
	["user chain QUEUE by -N", false, `${head}-N QUEUE\nCOMMIT\n`],
	[
		"user chain NFQUEUE (a target, not a verdict)",
		true,
		`${head}:NFQUEUE - [0:0]\nCOMMIT\n`,
	],
	["user chain accept (lower case)", true, `${head}:accept - [0:0]\nCOMMIT\n`],
	["251 words in a rule line", true, inputFile(words(251))],
	["252 words in a rule line", false, inputFile(words(252))],
	["a line of 10,239 bytes", true, `${head}${lineOf(10239)}\nCOMMIT\n`],
	[
		"a line of 10,240 bytes (read as two)",
		false,
		`${head}${lineOf(10240)}\nCOMMIT\n`,
	],
	[
		"a word of 1,023 bytes",
		true,
		inputFile(`-m comment --comment ${"a".repeat(1023)} -j ACCEPT`),
	],
	[
		"a word of 1,024 bytes",
		false,
		inputFile(`-m comment --comment ${"a".repeat(1024)} -j ACCEPT`),
	],
	[
		"a quoted word of 1,024 bytes",
		false,
		inputFile(`-m comment --comment "${"a".repeat(1024)}" -j ACCEPT`),
	],
];

const head6 =
	"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
const nat6 =
	"*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n";

/** An ip6tables file with `line` in `chain` (of filter, or nat). */
function ip6File(chain: string, line: string, nat = false): string {
	return `${nat ? nat6 : head6}-A ${chain} ${line}\nCOMMIT\n`;
}

/**
 * ip6tables files, broken and not, with the verdict of a real
 * ip6tables-legacy-restore; several pass `--test` (user space alone) and
 * only the kernel refuses them.
 */
export const ip6FileVariants: readonly FileCase[] = [
	// --test lets these through; the kernel's checkentry refuses them.
	["HL in filter", false, ip6File("INPUT", "-j HL --hl-set 5")],
	["DNAT in filter", false, ip6File("INPUT", "-j DNAT --to-destination ::1")],
	[
		"owner in INPUT",
		false,
		ip6File("INPUT", "-m owner --uid-owner 0 -j ACCEPT"),
	],
	[
		"TCPMSS without -p tcp",
		false,
		ip6File("FORWARD", "-j TCPMSS --clamp-mss-to-pmtu"),
	],
	["rpfilter in INPUT", false, ip6File("INPUT", "-m rpfilter -j ACCEPT")],
	[
		"tcp-reset without -p tcp",
		false,
		ip6File("INPUT", "-j REJECT --reject-with tcp-reset"),
	],
	["mh without -p mh", false, ip6File("INPUT", "-m mh -j ACCEPT")],
	[
		"MASQUERADE in PREROUTING",
		false,
		ip6File("PREROUTING", "-j MASQUERADE", true),
	],
	// User space refuses these.
	[
		"an IPv4 reject type",
		false,
		ip6File("INPUT", "-j REJECT --reject-with icmp-port-unreachable"),
	],
	["-f", false, ip6File("INPUT", "-f -j ACCEPT")],
	["an IPv4 source", false, ip6File("INPUT", "-s 1.2.3.4 -j ACCEPT")],
	[
		"a zone in an address",
		false,
		ip6File("INPUT", "-s fe80::1%eth0 -j ACCEPT"),
	],
	["prefix 129", false, ip6File("INPUT", "-s 2001:db8::/129 -j ACCEPT")],
	[
		"the icmp match",
		false,
		ip6File("INPUT", "-p icmp -m icmp --icmp-type 8 -j ACCEPT"),
	],
	[
		"conntrack without an option",
		false,
		ip6File("INPUT", "-m conntrack -j ACCEPT"),
	],
	[
		"--mark twice",
		false,
		ip6File("INPUT", "-m mark --mark 1 --mark 1 -j ACCEPT"),
	],
	[
		"--reject-with without its type",
		false,
		ip6File("INPUT", "-p tcp -j REJECT --reject-with"),
	],
	["-jACCEPT", false, ip6File("INPUT", "-jACCEPT")],
	[
		"--random-fully twice",
		false,
		ip6File("POSTROUTING", "-j MASQUERADE --random-fully --random-fully", true),
	],
	// And these load.
	[
		"tcp-reset with -p tcp",
		true,
		ip6File("INPUT", "-p tcp -j REJECT --reject-with tcp-reset"),
	],
	[
		"a mapped IPv4 address",
		true,
		ip6File("INPUT", "-s ::ffff:1.2.3.4 -j ACCEPT"),
	],
	[
		"a mask written as an address",
		true,
		ip6File("INPUT", "-s 2001:db8::1/ffff:ffff:: -j ACCEPT"),
	],
	["prefix 064", true, ip6File("INPUT", "-s 2001:db8::/064 -j ACCEPT")],
	[
		"two sources in one word",
		true,
		ip6File("INPUT", "-s 2001:db8::1,2001:db8::2 -j ACCEPT"),
	],
	["an interface named -s", true, ip6File("INPUT", "-i -s -j ACCEPT")],
	["a comment `!'", true, ip6File("INPUT", "-m comment --comment ! -j ACCEPT")],
	[
		"udp --dport -0",
		true,
		ip6File("INPUT", "-p udp -m udp --dport -0 -j ACCEPT"),
	],
	["a prefix of --dport", true, ip6File("INPUT", "-p tcp --dpor 22 -j ACCEPT")],
	[
		"a quote never closed",
		true,
		ip6File("INPUT", '-m comment --comment "x -j ACCEPT'),
	],
	[
		"frag ids reversed",
		true,
		ip6File("INPUT", "-m frag --fragid 1:0 -j ACCEPT"),
	],
	["eui64 in INPUT", true, ip6File("INPUT", "-m eui64 -j ACCEPT")],
	[
		"mh with -p mh",
		true,
		ip6File("INPUT", "-p mh -m mh --mh-type 5 -j ACCEPT"),
	],
	// ip6t_ah reads AH as an extension header: no -p (IPv4's ah needs it).
	["ah without -p", true, ip6File("INPUT", "-m ah --ahspi 5 -j ACCEPT")],
	["ah without options", true, ip6File("INPUT", "-m ah -j ACCEPT")],
	["esp without -p", false, ip6File("INPUT", "-m esp --espspi 5 -j ACCEPT")],
	// NAT66 ranges as libxt_NAT's parse_to reads them.
	[
		"DNAT to [address]:port",
		true,
		ip6File("PREROUTING", "-p tcp -j DNAT --to-destination [fd00::1]:80", true),
	],
	[
		"DNAT to [a-b]:ports",
		true,
		ip6File(
			"PREROUTING",
			"-p tcp -j DNAT --to-destination [fd00::1-fd00::5]:80-90",
			true,
		),
	],
	[
		"DNAT to [a]-[b] (no such syntax)",
		false,
		ip6File(
			"PREROUTING",
			"-p tcp -j DNAT --to-destination [fd00::1]-[fd00::2]",
			true,
		),
	],
	[
		"DNAT to []:port",
		true,
		ip6File("PREROUTING", "-p tcp -j DNAT --to-destination []:80", true),
	],
	[
		"DNAT to an unclosed bracket",
		false,
		ip6File("PREROUTING", "-p tcp -j DNAT --to-destination [fd00::1", true),
	],
	[
		"DNAT to a port with -p icmp",
		true,
		ip6File(
			"PREROUTING",
			"-p icmp -j DNAT --to-destination [fd00::1]:80",
			true,
		),
	],
	[
		"DNAT to a port with -p ipv6-icmp",
		false,
		ip6File(
			"PREROUTING",
			"-p ipv6-icmp -j DNAT --to-destination [fd00::1]:80",
			true,
		),
	],
];
