/**
 * The fuzzer's wider IPv4 vocabulary (`--profile wide`): match and target
 * modules, NAT variants and mark arithmetic the base profile never writes.
 * It draws from its own random stream, so a wide seed is its base seed with
 * more added: the base draws (and every recorded base seed) stay as they
 * were. Every rule text loads with iptables-legacy-restore; nothing here
 * depends on time except rates too low to run out.
 */
import { createRandom } from "./random.mjs";

/** The extra random stream of a seed (a different sequence from the base one). */
export function wideRandom(seed) {
	return createRandom((Math.imul(seed, 0x9e3779b1) ^ 0x5bd1e995) >>> 0);
}

const prerouting = (chain) => chain === "PREROUTING";
const sends = (chain) =>
	chain === "FORWARD" || chain === "OUTPUT" || chain === "POSTROUTING";

/** Matches for any rule of this table and chain; `proto` is the rule's -p. */
function matchChoices(r, table, chain, proto) {
	const choices = [
		() =>
			`-m tos ${r.chance(0.3) ? "! " : ""}--tos ${r.pick(["0x10", "0x08", "0x00"])}`,
		() => `-m dscp --dscp ${r.pick(["0x04", "0x02", "0x00"])}`,
		() =>
			`-m connbytes --connbytes ${r.pick(["3:", "0:2", "200:"])} --connbytes-dir ${r.pick(["original", "reply", "both"])} --connbytes-mode ${r.pick(["packets", "bytes", "avgpkt"])}`,
		() =>
			`-m string --algo ${r.pick(["bm", "kmp"])} --string "${r.pick(["re:", "pub", "in"])}"`,
		() =>
			`-m u32 --u32 "${r.pick(["6&0xFF=0x11", "6&0xFF=0x6", "0>>22&0x3C@0&0xFFFF=0x8AE", "0>>22&0x3C@0>>16=0x50"])}"`,
		() =>
			`-m hashlimit --hashlimit-upto 1/hour --hashlimit-burst ${r.int(1, 3)} --hashlimit-mode ${r.pick(["srcip", "dstip", "srcip,dstport"])} --hashlimit-name fzh${r.int(1, 2)}`,
		() => `-m quota --quota ${r.pick([200, 400, 1000])}`,
		() =>
			`-m conntrack ${r.pick(["--ctorigdst 10.0.2.15", "--ctreplsrc 172.17.0.2", "--ctproto udp", "--ctorigsrc 172.17.0.0/16 --ctdir ORIGINAL", "--ctstate NEW --ctstatus SEEN_REPLY"])}`,
		() => `-m state --state ${r.pick(["INVALID", "UNTRACKED", "NEW,RELATED"])}`,
		() => `-m addrtype --src-type ${r.pick(["LOCAL", "UNICAST"])}`,
		() => `-m length ${r.chance(0.3) ? "! " : ""}--length 100:65535`,
		() => `-m ttl --ttl-${r.pick(["eq 1", "lt 64", "eq 63"])}`,
		() => `-m mark --mark ${r.pick(["0x4/0x4", "0x1/0x5"])}`,
		() => `-m connmark ! --mark 0x0/0xf`,
		() => "-m helper --helper ftp",
	];
	if (proto === "tcp" || proto === "udp")
		choices.push(
			() =>
				`-m multiport ${r.pick(["--sports 2222,53,5353", "--ports 80,1000", "! --dports 22,80"])}`,
			() =>
				`-m ${proto} ${r.chance(0.3) ? "! " : ""}--sport ${r.pick(["40000:40020", "2222", "53", "1000:1001"])}`,
		);
	if (proto === "icmp")
		choices.push(
			() =>
				`-m icmp --icmp-type ${r.pick(["3/3", "port-unreachable", "11/0", "echo-request", "host-unreachable", "0/0"])}`,
		);
	if (prerouting(chain) && (table === "raw" || table === "mangle"))
		choices.push(
			() =>
				`-m rpfilter${r.pick(["", " --loose", " --invert", " --validmark"])}`,
		);
	// --limit-iface-in loads only where an input device exists (a user chain may be reached from anywhere).
	if (chain === "PREROUTING" || chain === "INPUT" || chain === "FORWARD")
		choices.push(() => "-m addrtype --dst-type LOCAL --limit-iface-in");
	choices.push(() => "-m pkttype --pkt-type multicast");
	return choices;
}

/** One wider match for a rule, or none. */
export function wideMatch(r, table, chain, proto) {
	if (!r.chance(0.4)) return [];
	return [r.pick(matchChoices(r, table, chain, proto))()];
}

/** A wider target for a rule of this table and chain, or undefined to keep the base one. */
export function wideTarget(r, table, chain, proto) {
	if (!r.chance(0.3)) return undefined;
	const choices = [
		() => `LOG --log-prefix "fzw ${r.int(1, 99)}: " --log-level ${r.int(0, 7)}`,
		() => `NFLOG --nflog-group ${r.int(1, 5)} --nflog-prefix fzw`,
		() =>
			`MARK ${r.pick(["--or-mark 0x4", "--and-mark 0xfffffffe", "--xor-mark 0x1", "--set-mark 0x5"])}`,
		() =>
			`CONNMARK ${r.pick(["--save-mark --nfmask 0xf --ctmask 0xf", "--restore-mark --mask 0x3", "--set-mark 0x4/0x4", "--or-mark 0x2"])}`,
	];
	// As the base profile: no protocol-less REJECT of the host's own packets.
	if (table === "filter" && (chain !== "OUTPUT" || proto !== ""))
		choices.push(
			() =>
				`REJECT --reject-with ${r.pick(["icmp-net-unreachable", "icmp-host-unreachable", "icmp-proto-unreachable", "icmp-net-prohibited", "icmp-host-prohibited"])}`,
		);
	if (table === "mangle") {
		choices.push(
			() =>
				`DSCP ${r.pick(["--set-dscp 0x0a", "--set-dscp-class EF", "--set-dscp 0"])}`,
			() =>
				`TOS ${r.pick(["--and-tos 0x0f", "--or-tos 0x10", "--xor-tos 0x08"])}`,
			() => "CHECKSUM --checksum-fill",
		);
		if (chain === "PREROUTING") choices.push(() => "TTL --ttl-set 1");
		if (sends(chain)) choices.push(() => "CLASSIFY --set-class 1:10");
	}
	if (table === "raw" && proto !== "") choices.push(() => "CT --notrack");
	return r.pick(choices)();
}

/**
 * NAT a wide seed puts before the base profile's: port ranges, NETMAP,
 * redirects to the host's UDP server (a TCP one would race accept(), see
 * rules.mjs).
 */
export function wideNatRules(r) {
	return drawn(r, [
		[
			0.3,
			"-A POSTROUTING -s 172.17.0.3/32 -o eth0 -p udp -j SNAT --to-source 10.0.2.15:20000-20010",
		],
		[
			0.3,
			"-A POSTROUTING -s 172.17.0.2/32 -o eth0 -p tcp -j MASQUERADE --to-ports 30000-30010",
		],
		[
			0.25,
			"-A POSTROUTING -s 172.17.0.0/16 -d 10.0.2.4/32 -j NETMAP --to 10.0.2.15/32",
		],
		[
			0.4,
			"-A PREROUTING -d 10.0.2.15/32 -p udp -m udp --dport 5354 -j REDIRECT --to-ports 5353",
		],
		[
			0.4,
			"-A OUTPUT -o lo -p udp -m udp --dport 5355 -j DNAT --to-destination 10.0.2.15:5353",
		],
	]);
}

/** Each rule of `table` kept with its chance, drawn in order (one draw per row). */
function drawn(r, table) {
	return table.filter(([chance]) => r.chance(chance)).map(([, rule]) => rule);
}

/** Traffic for the wide vocabulary: through the NAT above, to a host with no server. */
const wideFlows = [
	{
		node: "ext",
		proto: "udp",
		src: "10.0.2.3",
		dst: "10.0.2.15",
		dport: 5354,
		data: "redir",
	},
	{
		node: "host",
		proto: "udp",
		src: "10.0.2.15",
		dst: "10.0.2.15",
		dport: 5355,
		data: "lo-nat",
	},
	{
		node: "c1",
		proto: "udp",
		src: "172.17.0.2",
		dst: "10.0.2.4",
		dport: 53,
		data: "no-server",
	},
	{
		node: "c2",
		proto: "udp",
		src: "172.17.0.3",
		dst: "10.0.2.3",
		dport: 53,
		data: "range",
	},
	{
		node: "c1",
		proto: "tcp",
		src: "172.17.0.2",
		dst: "10.0.2.3",
		dport: 80,
		data: "masq-ports",
	},
	{
		node: "c2",
		proto: "tcp",
		src: "172.17.0.3",
		dst: "10.0.2.4",
		dport: 80,
		data: "netmap",
	},
];

/** One to three exchanges a wide seed adds, each from its own source port. */
export function wideSteps(r, firstStep) {
	return Array.from({ length: r.int(1, 3) }, (_, i) => ({
		exchange: { ...r.pick(wideFlows), sport: 40000 + firstStep + i },
	}));
}
