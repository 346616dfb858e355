/**
 * Random but realistic iptables rules for the fuzzer: the match and target
 * modules people use, in the tables and hooks the kernel allows them, with
 * negations, user chains, jumps and gotos. Every rule text loads with
 * iptables-legacy-restore; anything time-dependent (rates, random
 * statistics) is chosen so the kernel's answer does not depend on timing.
 */

import { wideMatch, wideTarget } from "./wide.mjs";

const ports = [22, 53, 80, 1000, 1001, 2222, 5353, 8080];

/**
 * What differs between an iptables and an ip6tables ruleset on the same
 * Docker-style host: addresses, the ICMP match, the TTL/HL pair, REJECT
 * types. Each family's entries take the same random draws, so adding IPv6
 * leaves every IPv4 seed's scenario as it was.
 */
const dialects = {
	ipv4: {
		sources: [
			"10.0.2.3",
			"10.0.2.4",
			"10.0.2.0/24",
			"172.17.0.2",
			"172.17.0.0/16",
			"10.0.2.15",
		],
		icmp: { proto: "icmp", match: "-m icmp", option: "--icmp-type" },
		icmpTypes: [
			"echo-request",
			"echo-reply",
			"destination-unreachable",
			"time-exceeded",
		],
		ttl: (choice) => `-m ttl --ttl-${choice}`,
		iprange: "10.0.2.3-10.0.2.4",
		connlimitMasks: [24, 32],
		dstTypes: ["LOCAL", "UNICAST", "BROADCAST"],
		rejectTcp: ["tcp-reset", "icmp-port-unreachable"],
		reject: [
			"icmp-port-unreachable",
			"icmp-host-prohibited",
			"icmp-admin-prohibited",
		],
		ttlTarget: (choice) => `TTL --ttl-${choice}`,
	},
	ipv6: {
		sources: [
			"fd00:2::3",
			"fd00:2::4",
			"fd00:2::/64",
			"fd00:17::2",
			"fd00:17::/64",
			"fd00:2::15",
		],
		icmp: { proto: "ipv6-icmp", match: "-m icmp6", option: "--icmpv6-type" },
		icmpTypes: [
			"echo-request",
			"echo-reply",
			"destination-unreachable",
			"time-exceeded",
		],
		ttl: (choice) => `-m hl --hl-${choice.replace("ttl-", "")}`,
		iprange: "fd00:2::3-fd00:2::4",
		connlimitMasks: [64, 128],
		dstTypes: ["LOCAL", "UNICAST", "MULTICAST"],
		rejectTcp: ["tcp-reset", "icmp6-port-unreachable"],
		reject: [
			"icmp6-port-unreachable",
			"icmp6-adm-prohibited",
			"icmp6-no-route",
		],
		ttlTarget: (choice) => `HL --hl-${choice}`,
	},
};
const inputs = {
	PREROUTING: true,
	INPUT: true,
	FORWARD: true,
	OUTPUT: false,
	POSTROUTING: false,
};
const outputs = {
	PREROUTING: false,
	INPUT: false,
	FORWARD: true,
	OUTPUT: true,
	POSTROUTING: true,
};

const not = (r, p = 0.2) => (r.chance(p) ? "! " : "");

/** One protocol with its own options, or none. */
function protocolPart(r, d) {
	const proto = r.pick(["tcp", "tcp", "udp", "icmp", ""]);
	if (proto === "") return { proto, text: "" };
	if (proto === "icmp") {
		const type = r.pick(d.icmpTypes);
		const { match, option } = d.icmp;
		return {
			proto,
			text: `-p ${d.icmp.proto}${r.chance(0.6) ? ` ${match} ${not(r)}${option} ${type}` : ""}`,
		};
	}
	const parts = [`-p ${proto}`];
	if (r.chance(0.6))
		parts.push(`-m ${proto} ${not(r)}--dport ${r.pick(ports)}`);
	else if (r.chance(0.3))
		parts.push(
			`-m multiport --dports ${r.pick(["80,2222", "1000,1001,53", "8080,5353"])}`,
		);
	if (proto === "tcp" && r.chance(0.3))
		parts.push(
			r.pick([
				"-m tcp --syn",
				"-m tcp ! --syn",
				"-m tcp --tcp-flags SYN,ACK SYN,ACK",
				"-m tcp --tcp-flags FIN,RST NONE",
			]),
		);
	return { proto, text: parts.join(" ") };
}

/** Zero or more module matches that may appear in this table and chain. */
function moduleParts(r, table, chain, proto, marks, d) {
	const parts = [];
	const options = [
		() =>
			`-m conntrack ${not(r, 0.1)}--ctstate ${r.pick(["NEW", "ESTABLISHED", "RELATED,ESTABLISHED", "INVALID", "UNTRACKED", "NEW,UNTRACKED", "DNAT", "SNAT"])}`,
		() => `-m state --state ${r.pick(["NEW", "ESTABLISHED", "RELATED"])}`,
		() => `-m conntrack --ctdir ${r.pick(["ORIGINAL", "REPLY"])}`,
		() =>
			`-m conntrack --ctstatus ${r.pick(["SEEN_REPLY", "ASSURED", "CONFIRMED", "EXPECTED"])}`,
		() => `-m length --length ${r.pick(["0:60", "61:1500", "40"])}`,
		() => d.ttl(r.pick(["gt 10", "eq 64", "lt 2"])),
		() => `-m addrtype ${not(r)}--dst-type ${r.pick(d.dstTypes)}`,
		() => `-m iprange --src-range ${d.iprange}`,
		() => `-m pkttype --pkt-type ${r.pick(["unicast", "broadcast"])}`,
		() => `-m comment --comment "fuzz ${r.int(1, 99)}"`,
		() => `-m limit --limit 1/hour --limit-burst ${r.int(1, 3)}`,
		() => `-m statistic --mode nth --every ${r.int(2, 3)} --packet 0`,
		// Only for packets that open a connection: whether nf_conncount drops a
		// closing connection's packet depends on when (in jiffies) it last
		// cleaned the address's list: a race (fuzzw-106 dropped the ACK into
		// TIME_WAIT that fuzz-87 let pass; readme: connlimit).
		() =>
			`-m conntrack --ctstate NEW -m connlimit --connlimit-above ${r.int(1, 2)} --connlimit-mask ${r.pick(d.connlimitMasks)}`,
		() =>
			`-m recent --name fz${r.int(1, 2)} ${r.pick(["--set", "--rcheck", "--update"])} --rsource`,
	];
	if (marks)
		options.push(
			() => `-m mark ${not(r)}--mark ${r.pick(["0x1", "0x2/0x2", "0x0/0xff"])}`,
		);
	if (marks)
		options.push(() => `-m connmark --mark ${r.pick(["0x1", "0x2/0x2"])}`);
	if (chain === "FORWARD" || chain === "PREROUTING")
		options.push(() =>
			r.pick([
				"-m physdev --physdev-is-bridged",
				"-m physdev --physdev-in veth1",
				`-m physdev ${not(r)}--physdev-in veth2`,
			]),
		);
	if (chain === "FORWARD" || chain === "POSTROUTING")
		options.push(() =>
			r.pick(["-m physdev --physdev-out veth1", "-m physdev --physdev-is-out"]),
		);
	if (chain === "OUTPUT" || chain === "POSTROUTING")
		options.push(
			() =>
				`-m owner ${r.pick(["--uid-owner 0", "! --socket-exists", "--socket-exists"])}`,
		);
	if (proto === "tcp")
		options.push(() => `-m tcpmss --mss ${r.pick(["1000:1500", "536"])}`);
	if (table !== "raw" || !r.chance(0.5)) {
		const n = r.pick([0, 0, 1, 1, 2]);
		for (let i = 0; i < n; i++) parts.push(r.pick(options)());
	}
	return parts;
}

/** Address and interface selectors allowed in this chain. */
function headerParts(r, chain, d) {
	const parts = [];
	if (r.chance(0.35)) parts.push(`${not(r)}-s ${r.pick(d.sources)}`);
	if (r.chance(0.25)) parts.push(`${not(r)}-d ${r.pick(d.sources)}`);
	if (inputs[chain] !== false && r.chance(0.3))
		parts.push(`${not(r)}-i ${r.pick(["eth0", "docker0", "lo"])}`);
	if (outputs[chain] === true && r.chance(0.3))
		parts.push(`${not(r)}-o ${r.pick(["eth0", "docker0", "lo"])}`);
	return parts;
}

/** A target for a rule in this table; `chains` are the user chains it may reach. */
function targetPart(r, table, chain, proto, counter, chains, d) {
	const log = () => {
		const flags = [];
		if (proto === "tcp" && r.chance(0.3)) flags.push("--log-tcp-options");
		if (r.chance(0.15)) flags.push("--log-ip-options");
		if (r.chance(0.15)) flags.push("--log-macdecode");
		if (r.chance(0.15)) flags.push("--log-uid");
		return `LOG --log-prefix "fz${counter}: "${flags.length > 0 ? ` ${flags.join(" ")}` : ""}`;
	};
	const choices = [
		log,
		log,
		() => `MARK --set-xmark ${r.pick(["0x1/0xffffffff", "0x2/0x2"])}`,
		() =>
			`CONNMARK ${r.pick(["--save-mark", "--restore-mark", "--set-xmark 0x1/0xff"])}`,
	];
	if (chains.length > 0) {
		choices.push(
			() => r.pick(chains),
			() => r.pick(chains),
		);
		choices.push(() => `goto:${r.pick(chains)}`);
	}
	if (table === "filter") {
		choices.push(
			() => "ACCEPT",
			() => "DROP",
			() => "RETURN",
		);
		const reject = proto === "tcp" ? d.rejectTcp : d.reject;
		if (chain !== "OUTPUT" || proto !== "")
			choices.push(() => `REJECT --reject-with ${r.pick(reject)}`);
	}
	if (table === "mangle") {
		choices.push(
			() => d.ttlTarget(r.pick(["set 63", "dec 1", "inc 1"])),
			() => `TOS --set-tos ${r.pick(["0x10", "0x08"])}`,
		);
		if (proto === "tcp") choices.push(() => "TCPMSS --set-mss 1000");
		if (proto === "tcp" && outputs[chain] === true)
			choices.push(() => "TCPMSS --clamp-mss-to-pmtu");
		if (chain === "PREROUTING" || chain === "FORWARD")
			choices.push(() => "DROP");
	}
	if (table === "raw")
		choices.push(
			() => "NOTRACK",
			() => `CT --zone ${r.int(1, 3)}`,
			() => "CT --notrack",
		);
	return r.pick(choices)();
}

/** The host's TCP server (the oracle's listener on port 2222), as a rule names it. */
const localServerPort = 2222;

/**
 * Keeps a rule that asks which socket a packet has (`-m owner`, LOG
 * `--log-uid`) off the packets where the kernel's answer is a race: the
 * local server's ACK of the client's first data, and that data itself on
 * INPUT (early demux), find a socket accept() has not yet taken, which has
 * no owner (sk->sk_socket unset) whenever the data beats the server's
 * process to accept() (recorded: seed 2, one connection of two). Returns
 * the rule's parts and target with the guard; it takes no random draw, so
 * every other part of a seed stays as it was.
 */
function acceptRaceGuard(chain, proto, parts, target) {
	const text = [...parts, target].join(" ");
	if (!/-m owner|--log-uid/.test(text)) return { parts, target };
	const builtin = chain.toUpperCase() === chain;
	// Sent by the server: OUTPUT and POSTROUTING; received: INPUT; a user chain may be either.
	const sent = !builtin || chain === "OUTPUT" || chain === "POSTROUTING";
	let received = !builtin || chain === "INPUT";
	// A rule for the server's own port keeps its port and loses --log-uid instead.
	if (
		received &&
		new RegExp(`(?<!! )--dport ${localServerPort}\\b`).test(text)
	) {
		target = target.replace(" --log-uid", "");
		received = false;
	}
	if (!sent && !received) return { parts, target };
	if (proto === "") return { parts: [...parts, "! -p tcp"], target };
	if (proto !== "tcp") return { parts, target };
	const ports = `${sent ? ` ! --sport ${localServerPort}` : ""}${received ? ` ! --dport ${localServerPort}` : ""}`;
	return { parts: [...parts, `-m tcp${ports}`], target };
}

/**
 * One rule line (`-A CHAIN ...`) for a table's chain. `wide`: the wide
 * profile's own random stream (wide.mjs), which may add a match and swap
 * the target.
 */
export function randomRule(
	r,
	table,
	chain,
	counter,
	chains,
	marks,
	family = "ipv4",
	wide = undefined,
) {
	const d = dialects[family];
	const { proto, text } = protocolPart(r, d);
	let parts = [
		...headerParts(r, chain, d),
		text,
		...moduleParts(r, table, chain, proto, marks, d),
	].filter((p) => p !== "");
	let target = targetPart(r, table, chain, proto, counter, chains, d);
	if (wide !== undefined) {
		parts.push(...wideMatch(wide, table, chain, proto));
		target = wideTarget(wide, table, chain, proto) ?? target;
	}
	// TCPMSS loads only behind a SYN match: add one, or log instead when the rule already tests flags.
	if (target.startsWith("TCPMSS")) {
		if (parts.some((p) => p.includes("--syn") || p.includes("--tcp-flags")))
			target = `LOG --log-prefix "fz${counter}: "`;
		else parts.push("-m tcp --tcp-flags SYN,RST SYN");
	}
	({ parts, target } = acceptRaceGuard(chain, proto, parts, target));
	const goto = target.startsWith("goto:");
	if (goto) target = target.slice("goto:".length);
	return `-A ${chain} ${parts.join(" ")}${parts.length > 0 ? " " : ""}${goto ? "-g" : "-j"} ${target}`.replace(
		/\s+/g,
		" ",
	);
}
