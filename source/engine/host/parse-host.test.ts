import { expect, test } from "vitest";
import { formatDiagnostic } from "../diagnostics.js";
import { formatIpv4 } from "../net/ipv4.js";
import { createHostView } from "./host-view-impl.js";
import { parseHost } from "./parse-host.js";
import { parseIpsetSave } from "./parse-ipset.js";
import { settingsFromSysctl } from "./sysctl.js";

/** The routing table printed in the seed article (CentOS 6, Docker 1.x). */
const seedRouteN = `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
10.0.2.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0
172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0
0.0.0.0         10.0.2.2        0.0.0.0         UG    0      0        0 eth0
`;

const routeText = (routes: ReturnType<typeof parseHost>["host"]["routes"]) =>
	routes.map(
		(r) =>
			`${r.type} ${formatIpv4(r.destination)}/${r.prefixLength}${r.gateway === undefined ? "" : ` via ${formatIpv4(r.gateway)}`} dev ${r.device ?? "-"} metric ${r.metric} table ${r.table}`,
	);

test("route -n from the seed article", () => {
	const { host, diagnostics } = parseHost({ route: seedRouteN });
	expect(routeText(host.routes)).toEqual([
		"unicast 10.0.2.0/24 dev eth0 metric 0 table 254",
		"unicast 172.17.0.0/16 dev docker0 metric 0 table 254",
		"unicast 0.0.0.0/0 via 10.0.2.2 dev eth0 metric 0 table 254",
	]);
	expect(host.interfaces.map((i) => `${i.name}:${i.addresses.length}`)).toEqual(
		["lo:1", "eth0:0", "docker0:0"],
	);
	expect(diagnostics.map(formatDiagnostic)).toEqual([
		"ip-route:1:1: info: route -n lists no addresses; give `ip addr` output for the host's own addresses [no-addresses]",
	]);
});

test("route -n with ip -br addr gives the article's host", () => {
	const { host, diagnostics } = parseHost({
		route: seedRouteN,
		addr: "lo UNKNOWN 127.0.0.1/8 ::1/128\neth0 UP 10.0.2.15/24 fe80::1/64\ndocker0 UP 172.17.0.1/16\n",
	});
	expect(diagnostics).toEqual([]);
	const view = createHostView(host);
	expect(view.addressType(0x0a0002ff)).toBe("BROADCAST");
	expect(view.addressType(0xac110001)).toBe("LOCAL");
	expect(formatIpv4(view.selectSourceAddress("eth0", 0x08080808) ?? 0)).toBe(
		"10.0.2.15",
	);
	expect(formatIpv4(view.selectSourceAddress("docker0", 0xac110003) ?? 0)).toBe(
		"172.17.0.1",
	);
});

test("ip route text with types, tables and src derives interfaces", () => {
	const { host, diagnostics } = parseHost({
		route: [
			"default via 10.0.2.2 dev eth0 proto dhcp src 10.0.2.15 metric 100",
			"10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15 metric 100",
			"blackhole 192.0.2.0/24",
			"unreachable 198.51.100.0/24 metric 7",
			"local 10.0.2.15 dev eth0 table local proto kernel scope host src 10.0.2.15",
			"fe80::/64 dev eth0 proto kernel metric 256 pref medium",
			"10.8.0.0/16 dev tun0 bogus",
		].join("\n"),
	});
	expect(routeText(host.routes)).toEqual([
		"unicast 0.0.0.0/0 via 10.0.2.2 dev eth0 metric 100 table 254",
		"unicast 10.0.2.0/24 dev eth0 metric 100 table 254",
		"blackhole 192.0.2.0/24 dev - metric 0 table 254",
		"unreachable 198.51.100.0/24 dev - metric 7 table 254",
		"local 10.0.2.15/32 dev eth0 metric 0 table 255",
		"unicast 10.8.0.0/16 dev tun0 metric 0 table 254",
	]);
	expect(
		host.interfaces.map(
			(i) =>
				`${i.name}:${i.addresses.map((a) => `${formatIpv4(a.address)}/${a.prefixLength}`).join(",")}`,
		),
	).toEqual(["lo:127.0.0.1/8", "eth0:10.0.2.15/24", "tun0:"]);
	expect(diagnostics.map(formatDiagnostic)).toEqual([
		"ip-route:7:22: info: ignoring 'bogus' [unknown-route-word]",
	]);
});

test("bad input gives diagnostics, never throws", () => {
	const { diagnostics } = parseHost({
		addr: "[{",
		route: "10.0.0.300/8 dev eth0",
		source: { addr: "a.json", route: "r.txt" },
	});
	expect(
		diagnostics.map((d) => `${d.source}:${d.line}:${d.column} ${d.code}`),
	).toEqual(["a.json:1:1 bad-json", "r.txt:1:1 bad-route"]);
});

test("ipset save", () => {
	const { sets, diagnostics } = parseIpsetSave(
		"create blocked hash:net family inet hashsize 1024 maxelem 65536\nadd blocked 10.0.0.0/8\nadd blocked 10.1.0.0/16 nomatch\nadd other 1.2.3.4\n",
	);
	expect(sets.get("blocked")).toEqual({
		name: "blocked",
		type: "hash:net",
		family: "ipv4",
		members: [
			{ text: "10.0.0.0/8", nomatch: false },
			{ text: "10.1.0.0/16", nomatch: true },
		],
	});
	expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
		"4:5 ipset-unknown-set",
	]);
});

test("sysctl values", () => {
	expect(
		settingsFromSysctl({
			"net.ipv4.ip_forward": "0",
			"net/ipv4/conf/all/rp_filter": 2,
			"net.bridge.bridge-nf-call-iptables": 1,
			other: 1,
		}),
	).toEqual({ ipForward: false, rpFilter: 2, bridgeNetfilter: true });
});
