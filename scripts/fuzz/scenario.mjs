/**
 * One fuzz scenario from a seed: an iptables-save ruleset over all tables
 * (user chains, jumps, gotos, NAT that publishes and masquerades, marks)
 * and traffic on the oracle's `docker` topology (outside hosts, the host
 * itself, containers on the bridge: routed, bridged, local and loopback),
 * written in the oracle's scenario format.
 */
import { createRandom } from "./random.mjs";
import { randomRule } from "./rules.mjs";
import { wideNatRules, wideRandom, wideSteps } from "./wide.mjs";

const builtins = {
	raw: ["PREROUTING", "OUTPUT"],
	mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
	nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
	filter: ["INPUT", "FORWARD", "OUTPUT"],
};

/**
 * The IPv6 twin of each IPv4 address of the `docker` topology on
 * `docker6` (eth0 fd00:2::/64, docker0 fd00:17::/64), for IPv6 scenarios.
 */
const ipv6Of = {
	"10.0.2.3": "fd00:2::3",
	"10.0.2.4": "fd00:2::4",
	"10.0.2.15": "fd00:2::15",
	"10.0.2.15/32": "fd00:2::15/128",
	"172.17.0.1": "fd00:17::1",
	"172.17.0.2": "fd00:17::2",
	"172.17.0.3": "fd00:17::3",
	"172.17.0.0/16": "fd00:17::/64",
	"172.17.0.2:1000": "[fd00:17::2]:1000",
	"172.17.0.3:1001": "[fd00:17::3]:1001",
	"0.0.0.0": "::",
};

/** A rule or step text with every IPv4 address of the topology in its IPv6 form. */
function toIpv6(text) {
	return text.replace(
		/\b(?:\d+\.){3}\d+(?:\/\d+|:\d+)?\b/g,
		(address) => ipv6Of[address] ?? address,
	);
}

/** NAT a Docker host has: a published port, masquerading, a local redirect. */
function natRules(r) {
	const rules = [];
	if (r.chance(0.7))
		rules.push(
			"-A PREROUTING -d 10.0.2.15/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:1000",
		);
	if (r.chance(0.4))
		rules.push(
			"-A PREROUTING -p udp -m udp --dport 5300 -j DNAT --to-destination 172.17.0.3:1001",
		);
	if (r.chance(0.3))
		rules.push(
			"-A PREROUTING -p tcp -m tcp --dport 2223 -j REDIRECT --to-ports 2222",
		);
	if (r.chance(0.4))
		rules.push(
			"-A OUTPUT -d 10.0.2.15/32 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:1000",
		);
	if (r.chance(0.7))
		rules.push("-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
	else if (r.chance(0.5))
		rules.push(
			"-A POSTROUTING -s 172.17.0.0/16 -o eth0 -j SNAT --to-source 10.0.2.15",
		);
	return rules;
}

/** The rules of one table: built-in chains, user chains and their policies. */
function tableText(r, table, counter, marks, family, wide) {
	const users = Array.from(
		{ length: r.pick([0, 0, 1, 2, 3]) },
		(_, i) => `${table.toUpperCase()}-U${i}`,
	);
	const lines = [`*${table}`];
	for (const chain of builtins[table]) {
		const policy =
			table === "filter" && chain !== "OUTPUT" && r.chance(0.3)
				? "DROP"
				: "ACCEPT";
		lines.push(`:${chain} ${policy} [0:0]`);
	}
	for (const chain of users) lines.push(`:${chain} - [0:0]`);
	const body =
		table === "nat"
			? [
					...(wide ? wideNatRules(wide) : []),
					...natRules(r).map((rule) =>
						family === "ipv6" ? toIpv6(rule) : rule,
					),
				]
			: [];
	for (const chain of builtins[table]) {
		const n = r.pick([0, 1, 1, 2, 3, 4]);
		if (table === "filter" && r.chance(0.5))
			body.push(
				`-A ${chain} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
			);
		for (let i = 0; i < n; i++)
			body.push(
				randomRule(r, table, chain, counter.next++, users, marks, family, wide),
			);
	}
	// A user chain reaches only later ones: no loops, as the kernel insists.
	users.forEach((chain, index) => {
		const later = users.slice(index + 1);
		const n = r.int(1, 4);
		for (let i = 0; i < n; i++)
			body.push(
				randomRule(r, table, chain, counter.next++, later, marks, family, wide),
			);
	});
	return [...lines, ...body, "COMMIT"].join("\n");
}

/** The exchanges a fuzz seed draws from (IPv4 on the `docker` topology). */
export const flows = [
	{
		exchange: {
			node: "ext",
			proto: "tcp",
			src: "10.0.2.3",
			dst: "10.0.2.15",
			dport: 2222,
			data: "in",
		},
	},
	{
		exchange: {
			node: "ext",
			proto: "udp",
			src: "10.0.2.4",
			dst: "10.0.2.15",
			dport: 5353,
			data: "q",
		},
	},
	{
		exchange: {
			node: "ext",
			proto: "tcp",
			src: "10.0.2.3",
			dst: "10.0.2.15",
			dport: 8080,
			data: "pub",
		},
	},
	{
		exchange: {
			node: "ext",
			proto: "udp",
			src: "10.0.2.3",
			dst: "10.0.2.15",
			dport: 5300,
			data: "pub-udp",
		},
	},
	{
		exchange: {
			node: "ext",
			proto: "tcp",
			src: "10.0.2.4",
			dst: "172.17.0.2",
			dport: 1000,
			data: "direct",
		},
	},
	{
		exchange: {
			node: "c1",
			proto: "tcp",
			src: "172.17.0.2",
			dst: "10.0.2.3",
			dport: 80,
			data: "out",
		},
	},
	{
		exchange: {
			node: "c2",
			proto: "udp",
			src: "172.17.0.3",
			dst: "10.0.2.3",
			dport: 53,
			data: "dns",
		},
	},
	{
		exchange: {
			node: "c1",
			proto: "udp",
			src: "172.17.0.2",
			dst: "172.17.0.3",
			dport: 1001,
			data: "bridged",
		},
	},
	{
		exchange: {
			node: "c2",
			proto: "tcp",
			src: "172.17.0.3",
			dst: "172.17.0.2",
			dport: 1000,
			data: "bridged",
		},
	},
	{
		exchange: {
			node: "c2",
			proto: "tcp",
			src: "172.17.0.3",
			dst: "10.0.2.15",
			dport: 8080,
			data: "hairpin",
		},
	},
	{
		exchange: {
			node: "host",
			proto: "tcp",
			src: "10.0.2.15",
			dst: "10.0.2.3",
			dport: 80,
			data: "local",
		},
	},
	{
		exchange: {
			node: "host",
			proto: "tcp",
			src: "10.0.2.15",
			dst: "10.0.2.15",
			dport: 2222,
			data: "lo",
		},
	},
	{
		exchange: {
			node: "host",
			proto: "tcp",
			src: "10.0.2.15",
			dst: "10.0.2.15",
			dport: 8080,
			data: "lo-dnat",
		},
	},
	{
		exchange: {
			node: "host",
			proto: "udp",
			src: "172.17.0.1",
			dst: "172.17.0.3",
			dport: 1001,
			data: "to-c2",
		},
	},
];

/** A crafted packet from outside or from a container. */
export function crafted(r, step) {
	const from = r.pick([
		{ node: "ext", src: r.pick(["10.0.2.3", "10.0.2.4"]) },
		{ node: "c1", src: "172.17.0.2" },
	]);
	const dst = r.pick(
		["10.0.2.15", "172.17.0.2", "172.17.0.3", "10.0.2.3"].filter(
			(d) => d !== from.src,
		),
	);
	const proto = r.pick(["tcp", "tcp", "udp", "icmp"]);
	const send = { node: from.node, proto, src: from.src, dst };
	if (proto === "icmp") send.type = r.pick([8, 8, 0, 13]);
	else {
		send.sport = 30000 + step;
		send.dport = r.pick([22, 80, 1000, 2222, 8080, 5353, 53]);
		if (proto === "tcp")
			send.flags = r.pick(["S", "S", "A", "SA", "F", "R", "SF", "PA"]);
	}
	if (r.chance(0.15)) send.ttl = 1;
	return { send };
}

/**
 * A step of an IPv4 scenario for the same traffic over IPv6: addresses
 * mapped, ICMP echo as ICMPv6 echo, TTL as hop limit; a listener with no
 * address listens on both families (`::`).
 */
export function stepToIpv6(step) {
	const copy = JSON.parse(toIpv6(JSON.stringify(step)));
	const body = copy.send ?? copy.listen ?? copy.exchange ?? copy.ping;
	if (copy.listen && body.addr === undefined) body.addr = "::";
	if (copy.send?.proto === "icmp") {
		body.proto = "icmpv6";
		body.type = { 8: 128, 0: 129, 13: 128 }[body.type] ?? 128;
	}
	if (copy.send?.ttl !== undefined) {
		body.hlim = body.ttl;
		delete body.ttl;
	}
	return copy;
}

/** The echo servers every seed's traffic talks to. */
export function serverSteps() {
	return [
		{ listen: { node: "host", proto: "tcp", port: 2222, seconds: 300 } },
		{
			listen: {
				node: "host",
				proto: "udp",
				port: 5353,
				addr: "10.0.2.15",
				seconds: 300,
			},
		},
		{
			listen: {
				node: "ext",
				proto: "tcp",
				port: 80,
				addr: "10.0.2.3",
				seconds: 300,
			},
		},
		{
			listen: {
				node: "ext",
				proto: "udp",
				port: 53,
				addr: "10.0.2.3",
				seconds: 300,
			},
		},
		{ listen: { node: "c1", proto: "tcp", port: 1000, seconds: 300 } },
		{
			listen: {
				node: "c2",
				proto: "udp",
				port: 1001,
				addr: "172.17.0.3",
				seconds: 300,
			},
		},
	];
}

/**
 * The scenario for one seed (oracle format, rules inline). `ipv6`: the
 * same generator writes an ip6tables ruleset and IPv6 traffic on the
 * dual-stack `docker6` topology. Profile `wide` (IPv4): the base seed plus
 * the wider vocabulary of wide.mjs, drawn from a stream of its own.
 */
export function fuzzScenario(seed, family = "ipv4", profile = "base") {
	const r = createRandom(seed);
	const wide =
		profile === "wide" && family === "ipv4" ? wideRandom(seed) : undefined;
	const counter = { next: 1 };
	const marks = r.chance(0.5);
	const tables = ["raw", "mangle", "nat", "filter"].filter(
		(t) => t === "filter" || r.chance(0.6),
	);
	const steps = serverSteps();
	const n = r.int(4, 7);
	for (let i = 0; i < n; i++) {
		const step = steps.length;
		if (r.chance(0.6)) {
			const flow = structuredClone(r.pick(flows));
			flow.exchange.sport = 40000 + step;
			steps.push(flow);
		} else if (r.chance(0.8)) steps.push(crafted(r, step));
		else
			steps.push({
				ping: {
					node: r.pick(["ext", "c1"]),
					dst: r.pick(["10.0.2.15", "172.17.0.3"]),
					count: 1,
				},
			});
	}
	if (wide) steps.push(...wideSteps(wide, steps.length));
	const rules = `${tables.map((t) => tableText(r, t, counter, marks, family, wide)).join("\n")}\n`;
	if (family === "ipv6")
		return {
			name: `fuzz6-${seed}`,
			description: `Generated by scripts/fuzz-kernel.mjs --family ipv6 from seed ${seed}.`,
			topology: "docker6",
			rules6_text: rules,
			steps: steps.map(stepToIpv6),
		};
	return {
		name: `${wide ? "fuzzw" : "fuzz"}-${seed}`,
		description: `Generated by scripts/fuzz-kernel.mjs${wide ? " --profile wide" : ""} from seed ${seed}.`,
		topology: "docker",
		extra_routes: { ext: ["172.17.0.0/16 via 10.0.2.15"] },
		rules_text: rules,
		steps,
	};
}
