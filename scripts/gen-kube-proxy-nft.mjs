/**
 * A synthetic nftables ruleset shaped like kube-proxy's nftables mode
 * (Kubernetes 1.33, `table ip kube-proxy`), for the same services as
 * ../shared/bench/gen-kube-proxy.py: a ClusterIP per service (every fourth
 * also a NodePort) in the `service-ips` verdict map, a service chain that
 * picks an endpoint with `numgen random`, and an endpoint chain with the
 * masquerade mark and the DNAT. Same arguments, same text.
 * Usage: node scripts/gen-kube-proxy-nft.mjs SERVICES [ENDPOINTS] > ruleset.nft
 */
import { createHash } from "node:crypto";

const tag = (key) =>
	createHash("sha256")
		.update(key)
		.digest("base64url")
		.slice(0, 8)
		.toUpperCase();

export function kubeProxyNft(n, e = 3) {
	const serviceIps = [];
	const nodePorts = [];
	const chains = [];
	const seenNodePorts = new Set();
	for (let i = 0; i < n; i++) {
		const name = `ns${i % 50}/svc${i}/tcp/http`;
		const cip = `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
		const port = 80 + (i % 7);
		const svc = `service-${tag(name)}-${name}`;
		serviceIps.push(`${cip} . tcp . ${port} : goto ${svc}`);
		// A NodePort repeats every 2768 services; iptables mode's first rule
		// wins, and an nft map may not hold one key twice (EEXIST): the first.
		const nodePort = 30000 + (i % 2768);
		if (i % 4 === 0 && !seenNodePorts.has(nodePort)) {
			seenNodePorts.add(nodePort);
			nodePorts.push(`tcp . ${nodePort} : goto ${svc}`);
		}
		const endpoints = [];
		for (let j = 0; j < e; j++) {
			const k = i * e + j;
			const ip = `10.244.${(k >> 8) & 255}.${k & 255}`;
			const ep = `endpoint-${tag(`${name}/${ip}`)}-${name}__${ip}/8080`;
			endpoints.push(`${j} : goto ${ep}`);
			chains.push(
				`\tchain ${ep} {\n\t\tip saddr ${ip} jump mark-for-masquerade\n\t\tmeta l4proto tcp dnat to ${ip}:8080\n\t}`,
			);
		}
		chains.push(
			`\tchain ${svc} {\n\t\tip daddr ${cip} tcp dport ${port} ip saddr != 10.244.0.0/16 jump mark-for-masquerade\n\t\tnumgen random mod ${e} vmap { ${endpoints.join(", ")} }\n\t}`,
		);
	}
	return `table ip kube-proxy {
	set nodeport-ips {
		type ipv4_addr
		elements = { 10.0.2.15 }
	}
	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		elements = { ${serviceIps.join(",\n\t\t\t")} }
	}
	map service-nodeports {
		type inet_proto . inet_service : verdict
		elements = { ${nodePorts.join(",\n\t\t\t")} }
	}
	chain filter-forward {
		type filter hook forward priority -110; policy accept;
		ct state new jump cluster-ips-check
	}
	chain nat-prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		jump services
	}
	chain nat-output {
		type nat hook output priority -100; policy accept;
		jump services
	}
	chain nat-postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		jump masquerading
	}
	chain services {
		ip daddr . meta l4proto . th dport vmap @service-ips
		ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
	}
	chain masquerading {
		meta mark & 0x00004000 == 0x00000000 return
		meta mark set meta mark ^ 0x00004000
		masquerade fully-random
	}
	chain cluster-ips-check {
		ip daddr { 10.96.0.0/12 } drop
	}
	chain mark-for-masquerade {
		meta mark set meta mark | 0x00004000
	}
${chains.join("\n")}
}
`;
}

if (import.meta.url === `file://${process.argv[1]}`)
	process.stdout.write(
		kubeProxyNft(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 3)),
	);
