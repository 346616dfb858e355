/**
 * Random but realistic iptables rules for the fuzzer: the match and target
 * modules people use, in the tables and hooks the kernel allows them, with
 * negations, user chains, jumps and gotos. Every rule text loads with
 * iptables-legacy-restore; anything time-dependent (rates, random
 * statistics) is chosen so the kernel's answer does not depend on timing.
 */

const ports = [22, 53, 80, 1000, 1001, 2222, 5353, 8080];
const sources = [
	"10.0.2.3",
	"10.0.2.4",
	"10.0.2.0/24",
	"172.17.0.2",
	"172.17.0.0/16",
	"10.0.2.15",
];
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
function protocolPart(r) {
	const proto = r.pick(["tcp", "tcp", "udp", "icmp", ""]);
	if (proto === "") return { proto, text: "" };
	if (proto === "icmp") {
		const type = r.pick([
			"echo-request",
			"echo-reply",
			"destination-unreachable",
			"time-exceeded",
		]);
		return {
			proto,
			text: `-p icmp${r.chance(0.6) ? ` -m icmp ${not(r)}--icmp-type ${type}` : ""}`,
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
function moduleParts(r, table, chain, proto, marks) {
	const parts = [];
	const options = [
		() =>
			`-m conntrack ${not(r, 0.1)}--ctstate ${r.pick(["NEW", "ESTABLISHED", "RELATED,ESTABLISHED", "INVALID", "UNTRACKED", "NEW,UNTRACKED", "DNAT", "SNAT"])}`,
		() => `-m state --state ${r.pick(["NEW", "ESTABLISHED", "RELATED"])}`,
		() => `-m conntrack --ctdir ${r.pick(["ORIGINAL", "REPLY"])}`,
		() =>
			`-m conntrack --ctstatus ${r.pick(["SEEN_REPLY", "ASSURED", "CONFIRMED", "EXPECTED"])}`,
		() => `-m length --length ${r.pick(["0:60", "61:1500", "40"])}`,
		() => `-m ttl ${r.pick(["--ttl-gt 10", "--ttl-eq 64", "--ttl-lt 2"])}`,
		() =>
			`-m addrtype ${not(r)}--dst-type ${r.pick(["LOCAL", "UNICAST", "BROADCAST"])}`,
		() => `-m iprange --src-range 10.0.2.3-10.0.2.4`,
		() => `-m pkttype --pkt-type ${r.pick(["unicast", "broadcast"])}`,
		() => `-m comment --comment "fuzz ${r.int(1, 99)}"`,
		() => `-m limit --limit 1/hour --limit-burst ${r.int(1, 3)}`,
		() => `-m statistic --mode nth --every ${r.int(2, 3)} --packet 0`,
		() =>
			`-m connlimit --connlimit-above ${r.int(1, 2)} --connlimit-mask ${r.pick([24, 32])}`,
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
function headerParts(r, chain) {
	const parts = [];
	if (r.chance(0.35)) parts.push(`${not(r)}-s ${r.pick(sources)}`);
	if (r.chance(0.25)) parts.push(`${not(r)}-d ${r.pick(sources)}`);
	if (inputs[chain] !== false && r.chance(0.3))
		parts.push(`${not(r)}-i ${r.pick(["eth0", "docker0", "lo"])}`);
	if (outputs[chain] === true && r.chance(0.3))
		parts.push(`${not(r)}-o ${r.pick(["eth0", "docker0", "lo"])}`);
	return parts;
}

/** A target for a rule in this table; `chains` are the user chains it may reach. */
function targetPart(r, table, chain, proto, counter, chains) {
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
		const reject =
			proto === "tcp"
				? ["tcp-reset", "icmp-port-unreachable"]
				: [
						"icmp-port-unreachable",
						"icmp-host-prohibited",
						"icmp-admin-prohibited",
					];
		if (chain !== "OUTPUT" || proto !== "")
			choices.push(() => `REJECT --reject-with ${r.pick(reject)}`);
	}
	if (table === "mangle") {
		choices.push(
			() => `TTL --ttl-${r.pick(["set 63", "dec 1", "inc 1"])}`,
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

/** One rule line (`-A CHAIN ...`) for a table's chain. */
export function randomRule(r, table, chain, counter, chains, marks) {
	const { proto, text } = protocolPart(r);
	const parts = [
		...headerParts(r, chain),
		text,
		...moduleParts(r, table, chain, proto, marks),
	].filter((p) => p !== "");
	let target = targetPart(r, table, chain, proto, counter, chains);
	// TCPMSS loads only behind a SYN match: add one, or log instead when the rule already tests flags.
	if (target.startsWith("TCPMSS")) {
		if (parts.some((p) => p.includes("--syn") || p.includes("--tcp-flags")))
			target = `LOG --log-prefix "fz${counter}: "`;
		else parts.push("-m tcp --tcp-flags SYN,RST SYN");
	}
	const goto = target.startsWith("goto:");
	if (goto) target = target.slice("goto:".length);
	return `-A ${chain} ${parts.join(" ")}${parts.length > 0 ? " " : ""}${goto ? "-g" : "-j"} ${target}`.replace(
		/\s+/g,
		" ",
	);
}
