/**
 * The second-bridge variant of a fuzz scenario (`--topology docker2|mixed`):
 * the oracle's `docker2` topology (`docker2v6` for IPv6), where a user-defined
 * network br-net2 (172.18.0.0/16, fd00:18::/64) holds c3. It adds what Docker
 * writes for two networks (isolation chains, per-bridge MASQUERADE, a
 * published port on either bridge, the DOCKER chains), each line kept or
 * dropped at random, and traffic across the bridges and out of br-net2. It
 * draws from a stream of its own, so the base scenario's rules and steps
 * stay as they were; the additions come after them.
 */
import { createRandom } from "./random.mjs";

/** The variant's own random stream of a seed. */
export function docker2Random(seed) {
	return createRandom((Math.imul(seed, 0x85ebca6b) ^ 0x27d4eb2f) >>> 0);
}

/** Chains Docker declares, by table. */
const chains = {
	filter: [
		"DOCKER",
		"DOCKER-ISOLATION-STAGE-1",
		"DOCKER-ISOLATION-STAGE-2",
		"DOCKER-USER",
	],
	nat: ["DOCKER"],
};

/** Docker's rules for docker0 and br-net2, in its order; each kept with its chance. */
const dockerRules = {
	filter: [
		[0.6, "-A FORWARD -j DOCKER-USER"],
		[0.9, "-A FORWARD -j DOCKER-ISOLATION-STAGE-1"],
		[
			0.8,
			"-A FORWARD -o br-net2 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
		],
		[0.8, "-A FORWARD -o br-net2 -j DOCKER"],
		[0.8, "-A FORWARD -i br-net2 ! -o br-net2 -j ACCEPT"],
		[0.6, "-A FORWARD -i br-net2 -o br-net2 -j ACCEPT"],
		[
			0.6,
			"-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
		],
		[0.6, "-A FORWARD -o docker0 -j DOCKER"],
		[0.6, "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT"],
		[0.4, "-A FORWARD -i docker0 -o docker0 -j ACCEPT"],
		[
			0.8,
			"-A DOCKER -d 172.18.0.2/32 ! -i br-net2 -o br-net2 -p tcp -m tcp --dport 1002 -j ACCEPT",
		],
		[
			0.5,
			"-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 1000 -j ACCEPT",
		],
		[
			0.9,
			"-A DOCKER-ISOLATION-STAGE-1 -i br-net2 ! -o br-net2 -j DOCKER-ISOLATION-STAGE-2",
		],
		[
			0.9,
			"-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
		],
		[0.7, "-A DOCKER-ISOLATION-STAGE-1 -j RETURN"],
		[0.8, "-A DOCKER-ISOLATION-STAGE-2 -o br-net2 -j DROP"],
		[0.8, "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP"],
		[0.7, "-A DOCKER-ISOLATION-STAGE-2 -j RETURN"],
		[0.5, "-A DOCKER-USER -s 172.18.0.0/16 -d 172.17.0.0/16 -j RETURN"],
		[0.5, "-A DOCKER-USER -j RETURN"],
	],
	nat: [
		[0.8, "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER"],
		[0.6, "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER"],
		[0.8, "-A POSTROUTING -s 172.18.0.0/16 ! -o br-net2 -j MASQUERADE"],
		[0.5, "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE"],
		[0.7, "-A DOCKER -i br-net2 -j RETURN"],
		[0.5, "-A DOCKER -i docker0 -j RETURN"],
		[
			0.9,
			"-A DOCKER ! -i br-net2 -p tcp -m tcp --dport 8081 -j DNAT --to-destination 172.18.0.2:1002",
		],
		[
			0.4,
			"-A DOCKER ! -i br-net2 -p udp -m udp --dport 5301 -j DNAT --to-destination 172.18.0.2:1003",
		],
	],
};

/** The IPv6 form of the addresses above and the flows below (`docker2v6`). */
const ipv6Of = {
	"172.18.0.2/32": "fd00:18::2/128",
	"172.17.0.2/32": "fd00:17::2/128",
	"172.18.0.0/16": "fd00:18::/64",
	"172.17.0.0/16": "fd00:17::/64",
	"127.0.0.0/8": "::1/128",
	"172.18.0.2:1002": "[fd00:18::2]:1002",
	"172.18.0.2:1003": "[fd00:18::2]:1003",
	"172.18.0.2": "fd00:18::2",
	"172.18.0.1": "fd00:18::1",
	"172.17.0.2": "fd00:17::2",
	"172.17.0.3": "fd00:17::3",
	"10.0.2.3": "fd00:2::3",
	"10.0.2.4": "fd00:2::4",
	"10.0.2.15": "fd00:2::15",
};

function toIpv6(text) {
	return text.replace(
		/\b(?:\d+\.){3}\d+(?:\/\d+|:\d+)?\b/g,
		(address) => ipv6Of[address] ?? address,
	);
}

/**
 * `save` (iptables-save text) with `extra` rules of `table` put first
 * (Docker inserts) or last in their chains, and the chains declared.
 */
function withTableRules(save, table, extra, first) {
	const builtins = {
		filter: ["INPUT", "FORWARD", "OUTPUT"],
		nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
	}[table];
	let lines = save.trimEnd().split("\n");
	let start = lines.indexOf(`*${table}`);
	if (start === -1) {
		lines = [
			...lines,
			`*${table}`,
			...builtins.map((chain) => `:${chain} ACCEPT [0:0]`),
			"COMMIT",
		];
		start = lines.indexOf(`*${table}`);
	}
	const end = lines.indexOf("COMMIT", start);
	const section = lines.slice(start + 1, end);
	const declared = section.filter((line) => line.startsWith(":"));
	const rules = section.filter((line) => !line.startsWith(":"));
	const declarations = chains[table].map((chain) => `:${chain} - [0:0]`);
	const body = first ? [...extra, ...rules] : [...rules, ...extra];
	return `${[
		...lines.slice(0, start + 1),
		...declared,
		...declarations,
		...body,
		...lines.slice(end),
	].join("\n")}\n`;
}

/** Servers on c3 and traffic that crosses the bridges or leaves br-net2. */
const listens = [
	{ listen: { node: "c3", proto: "tcp", port: 1002, seconds: 300 } },
	{
		listen: {
			node: "c3",
			proto: "udp",
			port: 1003,
			addr: "172.18.0.2",
			seconds: 300,
		},
	},
];
const flows = [
	["c1", "tcp", "172.17.0.2", "172.18.0.2", 1002, "cross"],
	["c3", "tcp", "172.18.0.2", "172.17.0.2", 1000, "cross-back"],
	["c3", "tcp", "172.18.0.2", "10.0.2.3", 80, "c3-out"],
	["c3", "udp", "172.18.0.2", "10.0.2.3", 53, "c3-dns"],
	["ext", "tcp", "10.0.2.3", "10.0.2.15", 8081, "pub2"],
	["ext", "udp", "10.0.2.4", "10.0.2.15", 5301, "pub2-udp"],
	["ext", "tcp", "10.0.2.4", "172.18.0.2", 1002, "direct2"],
	["c3", "tcp", "172.18.0.2", "10.0.2.15", 8080, "pub-from-2"],
	["c1", "tcp", "172.17.0.2", "10.0.2.15", 8081, "pub2-from-1"],
	["c3", "tcp", "172.18.0.2", "10.0.2.15", 2222, "c3-host"],
	["c2", "udp", "172.17.0.3", "172.18.0.2", 1003, "cross-udp"],
	["host", "tcp", "172.18.0.1", "172.18.0.2", 1002, "host-c3"],
];

/** A crafted packet into, out of or across br-net2. */
function crafted(r, step) {
	const [node, src] = r.pick([
		["c3", "172.18.0.2"],
		["c1", "172.17.0.2"],
		["ext", "10.0.2.3"],
	]);
	const dst = r.pick(
		["172.18.0.2", "172.17.0.3", "10.0.2.15", "10.0.2.4"].filter(
			(d) => d !== src,
		),
	);
	const proto = r.pick(["tcp", "udp", "icmp"]);
	const send = { node, proto, src, dst };
	if (proto === "icmp") send.type = 8;
	else {
		send.sport = 30000 + step;
		send.dport = r.pick([1002, 1003, 80, 8081, 2222]);
		if (proto === "tcp") send.flags = r.pick(["S", "A", "SA", "R"]);
	}
	return { send };
}

/** Steps the variant adds after the scenario's `count` steps (IPv4 form). */
function steps(r, count) {
	const added = [];
	const n = r.int(2, 5);
	for (let i = 0; i < n; i++) {
		const step = count + listens.length + added.length;
		if (r.chance(0.75)) {
			const [node, proto, src, dst, dport, data] = r.pick(flows);
			added.push({
				exchange: { node, proto, src, dst, sport: 40000 + step, dport, data },
			});
		} else added.push(crafted(r, step));
	}
	return added;
}

/** Puts the listeners first (they must run before traffic) and the traffic last. */
function withSteps(scenario, added, v6) {
	const base = scenario.steps;
	const firstTraffic = base.findIndex((s) => !("listen" in s));
	const at = firstTraffic === -1 ? base.length : firstTraffic;
	const extra = (list) =>
		list.map((step) => {
			if (!v6) return step;
			const copy = JSON.parse(toIpv6(JSON.stringify(step)));
			if (copy.listen && copy.listen.addr === undefined)
				copy.listen.addr = "::";
			if (copy.send?.proto === "icmp") {
				copy.send.proto = "icmpv6";
				copy.send.type = 128;
			}
			return copy;
		});
	return [
		...base.slice(0, at),
		...extra(listens),
		...base.slice(at),
		...extra(added),
	];
}

/** The scenario moved to the two-bridge topology, with Docker's rules and traffic for it. */
export function docker2Scenario(scenario, seed) {
	const r = docker2Random(seed);
	const v6 = scenario.rules6_text !== undefined;
	const key = v6 ? "rules6_text" : "rules_text";
	let save = scenario[key];
	for (const table of ["filter", "nat"]) {
		const kept = dockerRules[table]
			.filter(([chance]) => r.chance(chance))
			.map(([, rule]) => (v6 ? toIpv6(rule) : rule));
		save = withTableRules(save, table, kept, r.chance(0.6));
	}
	const added = steps(r, scenario.steps.length);
	return {
		...scenario,
		name: `${scenario.name}-d2`,
		description: `${scenario.description} Moved to ${v6 ? "docker2v6" : "docker2"} (scripts/fuzz/docker2.mjs).`,
		topology: v6 ? "docker2v6" : "docker2",
		[key]: save,
		steps: withSteps(scenario, added, v6),
	};
}
