import { describe, expect, test } from "vitest";
import { formatIpv4 } from "../net/ipv4.js";
import { buildLocalTable } from "./local-table.js";
import { parseIpAddr } from "./parse-ip-addr.js";
import { parseIpRoute } from "./parse-ip-route.js";

/** Captured in a network namespace on kernel 6.18 (veth pairs; d0 down). */
const netnsAddr =
	"1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n2: d0p@d0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default qlen 1000\n    link/ether 4a:27:01:bd:6d:11 brd ff:ff:ff:ff:ff:ff\n    inet6 fe80::4827:1ff:febd:6d11/64 scope link \n       valid_lft forever preferred_lft forever\n3: d0@d0p: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN group default qlen 1000\n    link/ether c6:53:a1:37:f8:14 brd ff:ff:ff:ff:ff:ff\n    inet 10.9.9.9/24 scope global d0\n       valid_lft forever preferred_lft forever\n    inet 10.9.9.10/24 scope global secondary d0\n       valid_lft forever preferred_lft forever\n4: d1p@d1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n    link/ether 16:33:b2:f6:f8:62 brd ff:ff:ff:ff:ff:ff\n    inet6 fe80::1433:b2ff:fef6:f862/64 scope link \n       valid_lft forever preferred_lft forever\n5: d1@d1p: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n    link/ether ba:6e:76:80:56:27 brd ff:ff:ff:ff:ff:ff\n    inet 192.168.5.1/30 scope global d1\n       valid_lft forever preferred_lft forever\n    inet 192.168.6.1/31 scope global d1\n       valid_lft forever preferred_lft forever\n    inet 192.168.7.1/32 scope global d1\n       valid_lft forever preferred_lft forever\n    inet 192.168.8.1/24 brd 192.168.8.77 scope global d1\n       valid_lft forever preferred_lft forever\n    inet 192.168.9.1/24 brd 192.168.9.255 scope global d1\n       valid_lft forever preferred_lft forever\n    inet 192.168.9.2/24 brd 192.168.9.99 scope global secondary d1\n       valid_lft forever preferred_lft forever\n    inet6 fe80::b86e:76ff:fe80:5627/64 scope link \n       valid_lft forever preferred_lft forever\n";
/** `ip -4 route show table local` of the same namespace. */
const netnsLocal =
	"local 10.9.9.9 dev d0 proto kernel scope host src 10.9.9.9 \nlocal 10.9.9.10 dev d0 proto kernel scope host src 10.9.9.9 \nlocal 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \nlocal 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \nbroadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \nlocal 192.168.5.1 dev d1 proto kernel scope host src 192.168.5.1 \nbroadcast 192.168.5.3 dev d1 proto kernel scope link src 192.168.5.1 \nlocal 192.168.6.1 dev d1 proto kernel scope host src 192.168.6.1 \nlocal 192.168.7.1 dev d1 proto kernel scope host src 192.168.7.1 \nlocal 192.168.8.1 dev d1 proto kernel scope host src 192.168.8.1 \nbroadcast 192.168.8.77 dev d1 proto kernel scope link src 192.168.8.1 \nbroadcast 192.168.8.255 dev d1 proto kernel scope link src 192.168.8.1 \nlocal 192.168.9.1 dev d1 proto kernel scope host src 192.168.9.1 \nlocal 192.168.9.2 dev d1 proto kernel scope host src 192.168.9.1 \nbroadcast 192.168.9.99 dev d1 proto kernel scope link src 192.168.9.1 \nbroadcast 192.168.9.255 dev d1 proto kernel scope link src 192.168.9.1 \n";

function show(
	type: string,
	destination: number,
	prefix: number,
	dev?: string,
): string {
	const dst =
		prefix === 32
			? formatIpv4(destination)
			: `${formatIpv4(destination)}/${prefix}`;
	return `${type} ${dst} dev ${dev ?? "-"}`;
}

describe("local table", () => {
	test("is what the kernel built from the same addresses", () => {
		const { interfaces, diagnostics } = parseIpAddr(netnsAddr);
		expect(diagnostics).toEqual([]);
		const derived = buildLocalTable(interfaces, [])
			.map((e) => show(e.type, e.destination, e.prefixLength, e.device))
			.sort();
		const kernel = parseIpRoute(netnsLocal)
			.routes.map((r) => show(r.type, r.destination, r.prefixLength, r.device))
			.sort();
		expect(derived).toEqual(kernel);
	});

	test("reads secondaries, brd and down devices from ip addr text", () => {
		const { interfaces } = parseIpAddr(netnsAddr);
		const d0 = interfaces.find((i) => i.name === "d0");
		expect(d0?.up).toBe(false);
		expect(d0?.addresses.map((a) => a.secondary)).toEqual([false, true]);
		const d1 = interfaces.find((i) => i.name === "d1");
		expect(d1?.addresses[3]?.broadcast).toBe(0xc0a8084d);
		expect(d1?.mac).toBe("ba:6e:76:80:56:27");
	});
});
