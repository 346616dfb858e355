/**
 * Random but realistic native nftables rules for the fuzzer (`--family
 * nft`): payload, meta, ct and fib matches with sets, intervals and
 * concatenations, and the statements people write (counter, limit, log,
 * mark and ct mark, notrack, reject, vmaps, jumps), each only where nft
 * 1.0.6 and the kernel accept it. Nothing depends on timing: limits are
 * far below the traffic's rate, so only their burst decides.
 */

import { extraMatch, extraStatement } from "./nft-extra.mjs";

/** The topology's addresses per family (oracle presets docker and docker6). */
export const addresses = {
	ip: {
		hosts: ["10.0.2.3", "10.0.2.4", "10.0.2.15", "172.17.0.2", "172.17.0.3"],
		nets: ["10.0.2.0/24", "172.17.0.0/16", "10.0.2.0/30", "172.17.0.2/31"],
		range: "10.0.2.3-10.0.2.4",
		intervals: [
			"10.0.2.0/30, 172.17.0.3",
			"10.0.2.3-10.0.2.4, 172.17.0.2/31",
			"10.0.2.15, 172.17.0.0/16",
			"10.0.2.4-10.0.2.20",
		],
		type: "ipv4_addr",
		icmp: "icmp",
		icmpTypes: ["echo-request", "echo-reply", "destination-unreachable"],
		ttl: "ip ttl",
	},
	ip6: {
		hosts: ["fd00:2::3", "fd00:2::4", "fd00:2::15", "fd00:17::2", "fd00:17::3"],
		nets: ["fd00:2::/64", "fd00:17::/64", "fd00:2::/126", "fd00:17::2/127"],
		range: "fd00:2::3-fd00:2::4",
		intervals: [
			"fd00:2::/126, fd00:17::3",
			"fd00:2::3-fd00:2::4, fd00:17::2/127",
			"fd00:2::15, fd00:17::/64",
			"fd00:2::4-fd00:2::20",
		],
		type: "ipv6_addr",
		icmp: "icmpv6",
		icmpTypes: [
			"echo-request",
			"echo-reply",
			"nd-neighbor-solicit",
			"nd-neighbor-advert",
		],
		ttl: "ip6 hoplimit",
	},
};

const ports = [22, 53, 80, 1000, 1001, 2222, 2223, 5300, 5353, 8080];
const interfaces = ["eth0", "docker0", "lo"];
const hooksWithInput = ["prerouting", "input", "forward"];
const hooksWithOutput = ["forward", "output", "postrouting"];

const not = (r, p = 0.2) => (r.chance(p) ? "!= " : "");

/** A set literal of 2-3 distinct picks, or one value. */
function oneOrSet(r, list, p = 0.35) {
	if (!r.chance(p)) return String(r.pick(list));
	const picked = [...new Set([r.pick(list), r.pick(list), r.pick(list)])];
	return picked.length === 1 ? String(picked[0]) : `{ ${picked.join(", ")} }`;
}

/** An address match of one family: host, prefix, range, set or named set. */
function addressMatch(r, family, sets) {
	const a = addresses[family];
	const field = `${family} ${r.pick(["saddr", "daddr"])}`;
	const named = sets.filter((s) => s.type === a.type);
	const value = r.pick([
		() => `${not(r)}${r.pick(a.hosts)}`,
		() => `${not(r)}${r.pick(a.nets)}`,
		() => `${not(r)}${a.range}`,
		() => oneOrSet(r, [...a.hosts, ...a.nets], 1),
		() => (named.length > 0 ? `${not(r)}@${r.pick(named).name}` : a.hosts[0]),
	])();
	return `${field} ${value}`;
}

/** A transport match: protocol, ports (tcp/udp/th), flags, ICMP type. */
function transportMatch(r, family, sets) {
	const proto = r.pick(["tcp", "tcp", "udp", "th", "l4", "icmp"]);
	if (proto === "l4")
		return `meta l4proto ${oneOrSet(r, ["tcp", "udp", addresses[family].icmp])}`;
	if (proto === "icmp") {
		const a = addresses[family];
		return `${a.icmp} type ${not(r)}${oneOrSet(r, a.icmpTypes)}`;
	}
	const named = sets.filter((s) => s.type === "inet_service");
	const port = r.pick([
		() => `${not(r)}${r.pick(ports)}`,
		() => oneOrSet(r, ports, 1),
		() =>
			`${not(r)}${r.pick(["1000-1001", "2222-2223", "5300-5353", "40000-40100"])}`,
		() => (named.length > 0 ? `@${r.pick(named).name}` : "22"),
	])();
	const parts = [`${proto} ${r.pick(["dport", "dport", "sport"])} ${port}`];
	if (proto === "tcp" && r.chance(0.3))
		parts.push(
			r.pick([
				"tcp flags syn",
				"tcp flags & (syn | ack) == syn",
				"tcp flags & (fin | rst) != 0",
				"tcp flags & (syn | ack) == syn | ack",
				"tcp flags != syn",
			]),
		);
	return parts.join(" ");
}

/** A concatenation match: address . port, or protocol . port. */
function concatMatch(r, family) {
	const a = addresses[family];
	if (r.chance(0.5))
		return `meta l4proto . th dport { tcp . ${r.pick(ports)}, udp . ${r.pick(ports)} }`;
	return `${family} saddr . tcp dport { ${r.pick(a.hosts)} . ${r.pick(ports)}, ${r.pick(a.hosts)} . ${r.pick(ports)} }`;
}

/** A meta, ct or fib match allowed on this hook. */
function stateMatch(r, hook, marks) {
	const choices = [
		() =>
			`ct state ${not(r, 0.1)}${r.pick(["new", "established", "established,related", "invalid", "untracked", "related", "new,untracked"])}`,
		() =>
			`ct status ${r.pick(["dnat", "snat", "seen-reply", "assured", "confirmed"])}`,
		() => `ct direction ${r.pick(["original", "reply"])}`,
		() =>
			`fib daddr type ${not(r)}${oneOrSet(r, ["local", "unicast", "broadcast", "multicast"])}`,
		() => `meta pkttype ${r.pick(["host", "broadcast", "multicast"])}`,
		() => `meta length ${r.pick(["0-60", "61-1500", "100-65535"])}`,
	];
	if (marks)
		choices.push(
			() => `meta mark ${not(r)}${r.pick(["0x1", "0x2", "0x0"])}`,
			() => `meta mark & 0x2 == 0x2`,
			() => `ct mark ${not(r)}${r.pick(["0x1", "0x0", "0x4"])}`,
		);
	if (hooksWithInput.includes(hook))
		choices.push(
			() =>
				`iifname ${not(r)}${oneOrSet(
					r,
					interfaces.map((i) => `"${i}"`),
				)}`,
		);
	if (hooksWithOutput.includes(hook))
		choices.push(
			() =>
				`oifname ${not(r)}${oneOrSet(
					r,
					interfaces.map((i) => `"${i}"`),
				)}`,
		);
	if (hook === "prerouting") choices.push(() => "fib saddr . iif oif missing");
	return r.pick(choices)();
}

/** The families whose headers a rule of this table may test. */
export function familiesOf(tableFamily, dualStack) {
	if (tableFamily === "inet") return dualStack ? ["ip", "ip6"] : ["ip"];
	return [tableFamily];
}

/** The match part of a rule (possibly empty). */
function matches(r, ctx) {
	const family = r.pick(ctx.families);
	const parts = [];
	if (r.chance(0.4)) parts.push(addressMatch(r, family, ctx.sets));
	if (r.chance(0.5)) parts.push(transportMatch(r, family, ctx.sets));
	else if (r.chance(0.12)) parts.push(concatMatch(r, family));
	const n = r.pick([0, 0, 1, 1, 2]);
	for (let i = 0; i < n; i++) parts.push(stateMatch(r, ctx.hook, ctx.marks));
	if (r.chance(0.05))
		parts.push(`${addresses[family].ttl} ${r.pick(["1", "64", "< 10"])}`);
	return { family, parts };
}

/** A log statement; `counter` makes its prefix unique. */
function logStatement(r, counter) {
	const parts = ["log"];
	if (r.chance(0.9)) parts.push(`prefix "nfz${counter}: "`);
	if (r.chance(0.3))
		parts.push(
			`level ${r.pick(["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"])}`,
		);
	if (r.chance(0.3))
		parts.push(
			`flags ${r.pick(["tcp sequence,options", "ip options", "ether", "all", "tcp options"])}`,
		);
	return parts.join(" ");
}

/** Statements that let the packet go on. */
function continuing(r, ctx, family) {
	const choices = [
		() => "counter",
		() => logStatement(r, ctx.counter),
		() => logStatement(r, ctx.counter),
		() =>
			`limit rate ${r.chance(0.3) ? "over " : ""}1/hour burst ${r.int(1, 3)} packets`,
		() =>
			`meta mark set ${r.pick(["0x1", "0x2", "meta mark | 0x4", "ct mark", "meta mark & 0xfffffffe"])}`,
		() => `ct mark set ${r.pick(["0x1", "meta mark", "0x4"])}`,
	];
	if (ctx.maps.length > 0) {
		const map = r.pick(ctx.maps);
		choices.push(() => `meta mark set ${map.key} map @${map.name}`);
	}
	if (ctx.dynamic?.family === family)
		choices.push(
			() => `add @${ctx.dynamic.name} { ${ctx.dynamic.family} saddr }`,
		);
	if (
		ctx.priority < -200 &&
		(ctx.hook === "prerouting" || ctx.hook === "output")
	)
		choices.push(() => "notrack");
	return r.pick(choices)();
}

/** A reject statement of this table family for a rule testing `family`. */
function rejectStatement(r, tableFamily, family, tcp) {
	if (tcp && r.chance(0.5)) return "reject with tcp reset";
	if (tableFamily === "inet")
		return r.pick([
			"reject",
			`reject with icmpx type ${r.pick(["admin-prohibited", "port-unreachable", "host-unreachable", "no-route"])}`,
		]);
	if (family === "ip")
		return r.pick([
			"reject",
			`reject with icmp type ${r.pick(["host-prohibited", "net-unreachable", "admin-prohibited", "port-unreachable"])}`,
		]);
	return r.pick([
		"reject",
		`reject with icmpv6 type ${r.pick(["admin-prohibited", "addr-unreachable", "no-route", "port-unreachable"])}`,
	]);
}

/** The verdict part of a rule, or "" to let the packet continue. */
function verdict(r, ctx, family, parts) {
	const choices = [() => "", () => "", () => "accept", () => "drop"];
	if (ctx.chains.length > 0)
		choices.push(
			() => `jump ${r.pick(ctx.chains)}`,
			() => `jump ${r.pick(ctx.chains)}`,
			() => `goto ${r.pick(ctx.chains)}`,
		);
	if (ctx.user) choices.push(() => "return");
	if (
		["input", "forward", "output"].includes(ctx.hook) &&
		ctx.type === "filter"
	) {
		const tcp = parts.some((p) => p.startsWith("tcp "));
		const l4 = parts.some((p) => /^(tcp|udp|th|meta l4proto) /.test(p));
		// A bare reject of the host's own packets would also hit the oracle's traffic control.
		if (ctx.hook !== "output" || l4)
			choices.push(() => rejectStatement(r, ctx.tableFamily, family, tcp));
	}
	return r.pick(choices)();
}

/** A verdict map rule: the whole rule is a lookup. */
function vmapRule(r, ctx) {
	const targets = [
		"accept",
		"drop",
		...ctx.chains.map((c) => `jump ${c}`),
		...ctx.chains.map((c) => `goto ${c}`),
	];
	let key = r.pick([
		() => ["ct state", ["established", "related", "new", "invalid"]],
		() => ["tcp dport", ports],
		() => ["meta l4proto", ["tcp", "udp"]],
		() => ["iifname", interfaces.map((i) => `"${i}"`)],
	])();
	if (key[0] === "iifname" && !hooksWithInput.includes(ctx.hook))
		key = ["meta l4proto", ["tcp", "udp"]];
	const keys = [...new Set([r.pick(key[1]), r.pick(key[1]), r.pick(key[1])])];
	return `${key[0]} vmap { ${keys.map((k) => `${k} : ${r.pick(targets)}`).join(", ")} }`;
}

/**
 * One rule line for a chain. `ctx`: {tableFamily, families, hook, type,
 * priority, user, chains (user chains it may reach), sets, maps, dynamic,
 * marks, counter, extra (the extra stream, optional)}.
 */
export function randomNftRule(r, ctx) {
	if (r.chance(0.08)) return vmapRule(r, ctx);
	const { family, parts } = matches(r, ctx);
	// The extra stream (nft-extra.mjs) adds to the rule without touching r's draws.
	const x = ctx.extra;
	if (x?.chance(0.25)) parts.unshift(extraMatch(x, ctx, family, parts));
	const statements = [];
	if (r.chance(0.6)) statements.push(continuing(r, ctx, family));
	if (r.chance(0.15)) statements.push(continuing(r, ctx, family));
	if (x?.chance(0.15)) statements.push(extraStatement(x, ctx, family));
	const end = verdict(r, ctx, family, parts);
	if (end !== "") statements.push(end);
	if (statements.length === 0) statements.push("counter");
	return [...parts, ...statements].join(" ");
}
