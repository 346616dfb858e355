#!/usr/bin/env node
/**
 * Writes a synthetic ruleset shaped like kube-proxy's nftables mode, as
 * `nft list table ip kube-proxy` prints it: the idea of
 * ../shared/bench/gen-kube-proxy.py for nftables. One `table ip kube-proxy`
 * with the `service-ips` verdict map (ClusterIP . protocol . port → goto the
 * service chain), the `service-nodeports` map for every fourth service, a
 * `service-*` chain per service that marks traffic from outside the pod CIDR
 * for masquerade and spreads new connections with `numgen random mod N vmap`,
 * and an `endpoint-*` chain per endpoint with the hairpin mark and the DNAT.
 * Chain names are hashed like kube-proxy's (sha256, base32, 8 characters).
 * The same arguments always give the same file. Pods live in 10.244.0.0/16,
 * services in 10.96.0.0/12.
 *
 * Usage: node scripts/gen-kube-proxy-nft.mjs SERVICES [ENDPOINTS_PER_SERVICE] > kube.nft
 */
import { createHash } from "node:crypto";
import process from "node:process";

const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function hash(key) {
	const bytes = createHash("sha256").update(key).digest();
	let bits = 0;
	let value = 0;
	let out = "";
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5 && out.length < 8) {
			out += base32[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	return out;
}

const services = Number(process.argv[2] ?? 1000);
const perService = Number(process.argv[3] ?? 3);

function service(i) {
	const ns = `ns${i % 50}`;
	const name = `svc${i}`;
	const ip = `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
	const port = 80 + (i % 7);
	// NodePorts are unique in a cluster: 30000-32767, one per fourth service.
	const nodePort = i % 4 === 0 ? 30000 + ((i / 4) % 2768) : undefined;
	const id = `${ns}/${name}/tcp/http`;
	const endpoints = Array.from({ length: perService }, (_, j) => {
		const n = i * perService + j;
		return `10.244.${(n >> 8) & 255}.${n & 255}`;
	});
	return {
		ip,
		port,
		nodePort,
		id,
		chain: `service-${hash(id)}-${id}`,
		external: `external-${hash(id)}-${id}`,
		endpoints,
	};
}

const all = Array.from({ length: services }, (_, i) => service(i));
const lines = [];
const out = (line) => lines.push(line);

function mapBlock(name, type, elements) {
	out(`\tmap ${name} {`);
	out(`\t\ttype ${type}`);
	if (elements.length > 0)
		out(`\t\telements = { ${elements.join(",\n\t\t\t     ")} }`);
	out("\t}");
	lines.push("");
}

out("table ip kube-proxy {");
out('\tcomment "rules for kube-proxy"');
lines.push("");
mapBlock(
	"service-ips",
	"ipv4_addr . inet_proto . inet_service : verdict",
	all.map((s) => `${s.ip} . tcp . ${s.port} : goto ${s.chain}`),
);
mapBlock(
	"service-nodeports",
	"inet_proto . inet_service : verdict",
	all
		.filter((s) => s.nodePort)
		.map((s) => `tcp . ${s.nodePort} : goto ${s.external}`),
);

function chain(name, header, rules) {
	out(`\tchain ${name} {`);
	if (header) out(`\t\t${header}`);
	for (const rule of rules) out(`\t\t${rule}`);
	out("\t}");
	lines.push("");
}

chain(
	"filter-forward",
	"type filter hook forward priority -110; policy accept;",
	["ct state new jump service-endpoints-check"],
);
chain(
	"filter-output",
	"type filter hook output priority -110; policy accept;",
	["ct state new jump service-endpoints-check"],
);
chain("service-endpoints-check", "", []);
chain("mark-for-masquerade", "", ["meta mark set meta mark | 0x00004000"]);
chain("masquerading", "", [
	"meta mark & 0x00004000 == 0x00000000 return",
	"meta mark set meta mark ^ 0x00004000",
	"masquerade fully-random",
]);
chain("nat-output", "type nat hook output priority -100; policy accept;", [
	"jump services",
]);
chain(
	"nat-postrouting",
	"type nat hook postrouting priority srcnat; policy accept;",
	["jump masquerading"],
);
chain(
	"nat-prerouting",
	"type nat hook prerouting priority dstnat; policy accept;",
	["jump services"],
);
chain("services", "", [
	"ip daddr . meta l4proto . th dport vmap @service-ips",
	"fib daddr type local meta l4proto . th dport vmap @service-nodeports",
]);
for (const s of all) {
	const spread = s.endpoints
		.map(
			(ip, j) =>
				`${j} : goto endpoint-${hash(`${s.id}__${ip}/8080`)}-${s.id}__${ip}/8080`,
		)
		.join(", ");
	chain(s.chain, "", [
		`ip daddr ${s.ip} tcp dport ${s.port} ip saddr != 10.244.0.0/16 jump mark-for-masquerade`,
		`numgen random mod ${s.endpoints.length} vmap { ${spread} }`,
	]);
	if (s.nodePort)
		chain(s.external, "", ["jump mark-for-masquerade", `goto ${s.chain}`]);
	for (const ip of s.endpoints)
		chain(`endpoint-${hash(`${s.id}__${ip}/8080`)}-${s.id}__${ip}/8080`, "", [
			`ip saddr ${ip} jump mark-for-masquerade`,
			`meta l4proto tcp dnat to ${ip}:8080`,
		]);
}
lines.pop();
out("}");
process.stdout.write(`${lines.join("\n")}\n`);
