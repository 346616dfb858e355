/**
 * One native nftables fuzz scenario from a seed (`--family nft`): tables
 * of family ip, ip6 and inet with several base chains per hook at various
 * priorities, user chains reached by jump, goto and verdict maps, named
 * sets and maps, NAT chains, and sometimes an iptables-legacy filter table
 * beside them (a mixed host); traffic on `docker` or, for dual-stack seeds,
 * on `docker6` in both families. Its draws come from a stream of its own,
 * so the iptables seeds stay as they were.
 */
import { nftExtraRandom } from "./nft-extra.mjs";
import { addresses, familiesOf, randomNftRule } from "./nft-rules.mjs";
import { createRandom } from "./random.mjs";
import { randomRule } from "./rules.mjs";
import { crafted, flows, serverSteps, stepToIpv6 } from "./scenario.mjs";

/** The nft seed's random stream (distinct from the base and wide ones). */
function nftRandom(seed) {
	return createRandom((Math.imul(seed, 0x85ebca6b) ^ 0x27d4eb2f) >>> 0);
}

/** Priorities nft 1.0.6 accepts per hook for a filter chain (dstnat/srcnat only on their hook). */
function filterPriority(r, hook) {
	const named = [
		"raw",
		"mangle",
		"filter",
		"filter - 1",
		"filter + 5",
		"security",
		"-10",
		"0",
		"10",
		"raw + 1",
	];
	if (hook === "prerouting") named.push("dstnat", "dstnat + 1", "-301");
	if (hook === "postrouting") named.push("srcnat", "srcnat - 1");
	return r.pick(named);
}

/** The numeric value of a priority expression (for hook-dependent choices). */
function priorityValue(text) {
	const base = {
		raw: -300,
		mangle: -150,
		dstnat: -100,
		filter: 0,
		security: 50,
		srcnat: 100,
	};
	const m = /^(\w+|-?\d+)(?: ([+-]) (\d+))?$/.exec(text);
	if (!m) return 0;
	const head = base[m[1]] ?? Number(m[1]);
	return m[2] === undefined
		? head
		: head + (m[2] === "+" ? 1 : -1) * Number(m[3]);
}

/** NAT rules for a nat chain on `hook` in a table of `tableFamily`. */
function natRules(r, tableFamily, hook, dualStack) {
	const rules = [];
	const v4 = tableFamily === "inet" ? "ip " : "";
	const v6 = tableFamily === "inet" ? "ip6 " : "";
	const four = tableFamily !== "ip6";
	const six = tableFamily === "ip6" || (tableFamily === "inet" && dualStack);
	const add = (p, rule) => r.chance(p) && rules.push(rule);
	if (hook === "prerouting") {
		if (four)
			add(
				0.6,
				`ip daddr 10.0.2.15 tcp dport 8080 dnat ${v4}to 172.17.0.2:1000`,
			);
		if (six)
			add(
				0.5,
				`ip6 daddr fd00:2::15 tcp dport 8080 dnat ${v6}to [fd00:17::2]:1000`,
			);
		if (four) add(0.4, `udp dport 5300 dnat ${v4}to 172.17.0.3:1001`);
		add(0.3, "tcp dport 2223 redirect to :2222");
		if (four)
			add(
				0.2,
				`udp dport 5300 dnat ${v4}to numgen inc mod 2 map { 0 : 172.17.0.2, 1 : 172.17.0.3 }`,
			);
	}
	if (hook === "output") {
		if (four)
			add(
				0.4,
				`ip daddr 10.0.2.15 tcp dport 8080 dnat ${v4}to 172.17.0.2:1000`,
			);
		if (six)
			add(
				0.3,
				`ip6 daddr fd00:2::15 tcp dport 8080 dnat ${v6}to [fd00:17::2]:1000`,
			);
	}
	if (hook === "postrouting") {
		if (four)
			add(
				0.6,
				r.chance(0.7)
					? 'ip saddr 172.17.0.0/16 oifname != "docker0" masquerade'
					: `ip saddr 172.17.0.0/16 oifname "eth0" snat ${v4}to 10.0.2.15`,
			);
		if (six) add(0.5, 'ip6 saddr fd00:17::/64 oifname != "docker0" masquerade');
		if (four)
			add(
				0.2,
				`ip saddr 172.17.0.3 oifname "eth0" meta l4proto udp snat ${v4}to 10.0.2.15:20000-20010`,
			);
	}
	return rules;
}

/** Named sets and maps of a table: addresses (with intervals), ports, a port-to-mark map, a dynamic set. */
function declarations(r, families) {
	const sets = [];
	const maps = [];
	let dynamic;
	const lines = [];
	for (const family of families) {
		if (!r.chance(0.5)) continue;
		const a = addresses[family];
		const interval = r.chance(0.5);
		const name = `${family}_hosts`;
		const elements = interval
			? [r.pick(a.intervals)]
			: [r.pick(a.hosts), r.pick(a.hosts)];
		sets.push({ name, type: a.type });
		lines.push(
			`\tset ${name} {`,
			`\t\ttype ${a.type}`,
			...(interval ? ["\t\tflags interval"] : []),
			`\t\telements = { ${[...new Set(elements)].join(", ")} }`,
			"\t}",
		);
	}
	if (r.chance(0.4)) {
		sets.push({ name: "ports", type: "inet_service" });
		lines.push(
			"\tset ports {",
			"\t\ttype inet_service",
			"\t\tflags interval",
			`\t\telements = { ${r.pick(["22, 2222", "1000-1001, 53", "8080, 5300-5353"])} }`,
			"\t}",
		);
	}
	if (r.chance(0.3)) {
		maps.push({ name: "portmark", key: "th dport" });
		lines.push(
			"\tmap portmark {",
			"\t\ttype inet_service : mark",
			`\t\telements = { 22 : 0x1, 2222 : 0x2, ${r.pick(["8080 : 0x4", "1000 : 0x4", "53 : 0x2"])} }`,
			"\t}",
		);
	}
	if (r.chance(0.2)) {
		const family = r.pick(families);
		dynamic = { name: "seen", family };
		sets.push({ name: "seen", type: addresses[family].type });
		lines.push(
			"\tset seen {",
			`\t\ttype ${addresses[family].type}`,
			"\t\tflags dynamic",
			"\t}",
		);
	}
	return { sets, maps, dynamic, lines };
}

/** One table's text: declarations, base chains, user chains. */
function tableText(r, x, name, tableFamily, dualStack, counter, marks) {
	const families = familiesOf(tableFamily, dualStack);
	const decl = declarations(r, families);
	const users = Array.from(
		{ length: r.pick([0, 0, 1, 2, 3]) },
		(_, i) => `u${i}`,
	);
	const hooks = ["prerouting", "input", "forward", "output", "postrouting"];
	const chains = [];
	for (const hook of hooks) {
		const n = r.pick([0, 0, 1, 1, 2]);
		for (let i = 0; i < n; i++)
			chains.push({ hook, type: "filter", priority: filterPriority(r, hook) });
	}
	if (r.chance(0.5))
		chains.push({
			hook: "prerouting",
			type: "nat",
			priority: r.pick(["dstnat", "-100", "dstnat + 1"]),
		});
	if (r.chance(0.5))
		chains.push({
			hook: "postrouting",
			type: "nat",
			priority: r.pick(["srcnat", "100", "srcnat - 1"]),
		});
	if (r.chance(0.25))
		chains.push({
			hook: "output",
			type: "nat",
			priority: r.pick(["-100", "0"]),
		});
	if (r.chance(0.15))
		chains.push({
			hook: "output",
			type: "route",
			priority: r.pick(["mangle", "filter"]),
		});
	const out = [`table ${tableFamily} ${name} {`, ...decl.lines];
	const context = (hook, type, priority, user, reach) => ({
		tableFamily,
		families,
		hook,
		type,
		priority: priorityValue(priority),
		user,
		chains: reach,
		sets: decl.sets,
		maps: decl.maps,
		dynamic: decl.dynamic,
		marks,
		counter: counter.next++,
		extra: x,
	});
	chains.forEach((chain, index) => {
		const policy =
			chain.type === "filter" && chain.hook !== "output" && r.chance(0.2)
				? "drop"
				: "accept";
		out.push(
			`\tchain ${chain.hook}_${index} {`,
			`\t\ttype ${chain.type} hook ${chain.hook} priority ${chain.priority}; policy ${policy};`,
		);
		if (chain.type === "filter" && r.chance(0.4))
			out.push("\t\tct state established,related accept");
		if (chain.type === "nat")
			for (const rule of natRules(r, tableFamily, chain.hook, dualStack))
				out.push(`\t\t${rule}`);
		const n = r.pick([0, 1, 1, 2, 3, 4]);
		// A nat chain's jumps would reach user chains that reject; keep nat chains to their own rules.
		const reach = chain.type === "nat" ? [] : users;
		for (let i = 0; i < n; i++)
			out.push(
				`\t\t${randomNftRule(r, context(chain.hook, chain.type, chain.priority, false, reach))}`,
			);
		out.push("\t}");
	});
	// A user chain reaches only later ones (no loops); it may be reached from any hook.
	users.forEach((user, index) => {
		out.push(`\tchain ${user} {`);
		const n = r.int(1, 4);
		for (let i = 0; i < n; i++)
			out.push(
				`\t\t${randomNftRule(r, context("any", "user", "0", true, users.slice(index + 1)))}`,
			);
		out.push("\t}");
	});
	out.push("}");
	return out.join("\n");
}

/** An iptables-legacy filter table for a mixed host (IPv4). */
function legacyFilter(r) {
	const lines = [
		"*filter",
		":INPUT ACCEPT [0:0]",
		":FORWARD ACCEPT [0:0]",
		":OUTPUT ACCEPT [0:0]",
	];
	let counter = 500;
	for (const chain of ["INPUT", "FORWARD", "OUTPUT"])
		for (let i = r.int(0, 3); i > 0; i--)
			lines.push(randomRule(r, "filter", chain, counter++, [], false));
	return `${[...lines, "COMMIT"].join("\n")}\n`;
}

/** Servers: on a dual-stack host each addressed server twice, an unaddressed one on `::`. */
function servers(dualStack) {
	const v4 = serverSteps();
	if (!dualStack) return v4;
	return v4.flatMap((step) =>
		step.listen.addr === undefined
			? [stepToIpv6(step)]
			: [step, stepToIpv6(step)],
	);
}

/** The traffic of a seed: exchanges, crafted packets and pings, some in IPv6 on a dual-stack host. */
function traffic(r, first, dualStack) {
	const steps = [];
	const extra = {
		exchange: {
			node: "ext",
			proto: "tcp",
			src: "10.0.2.4",
			dst: "10.0.2.15",
			dport: 2223,
			data: "redir",
		},
	};
	const n = r.int(5, 8);
	for (let i = 0; i < n; i++) {
		const index = first + steps.length;
		let step;
		if (r.chance(0.6)) {
			step = structuredClone(r.chance(0.1) ? extra : r.pick(flows));
			step.exchange.sport = 40000 + index;
		} else if (r.chance(0.8)) step = crafted(r, index);
		else
			step = {
				ping: {
					node: r.pick(["ext", "c1"]),
					dst: r.pick(["10.0.2.15", "172.17.0.3"]),
					count: 1,
				},
			};
		steps.push(dualStack && r.chance(0.5) ? stepToIpv6(step) : step);
	}
	return steps;
}

/** The scenario for one nft seed (oracle format, rulesets inline). */
export function nftScenario(seed) {
	const r = nftRandom(seed);
	const x = nftExtraRandom(seed);
	const dualStack = r.chance(0.4);
	const marks = r.chance(0.5);
	const counter = { next: 1 };
	const tableFamilies = Array.from({ length: r.int(1, 3) }, () =>
		r.pick(dualStack ? ["inet", "inet", "ip", "ip6"] : ["inet", "ip"]),
	);
	const nft = tableFamilies
		.map((family, i) =>
			tableText(r, x, `t${i}`, family, dualStack, counter, marks),
		)
		.join("\n\n");
	const mixed = r.chance(0.2);
	const listens = servers(dualStack);
	const scenario = {
		name: `fuzz-nft-${seed}`,
		description: `Generated by scripts/fuzz-kernel.mjs --family nft from seed ${seed}.`,
		topology: dualStack ? "docker6" : "docker",
		extra_routes: { ext: ["172.17.0.0/16 via 10.0.2.15"] },
		nft_text: `${nft}\n`,
		steps: [...listens, ...traffic(r, listens.length, dualStack)],
	};
	if (mixed) scenario.rules_text = legacyFilter(r);
	return scenario;
}
