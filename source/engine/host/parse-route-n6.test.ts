import { expect, test } from "vitest";
import { parseIpRoute6 } from "./parse-ip-route6.js";

/** `route -n -A inet6` on the docker6 host (net-tools 2.10, kernel 6.18). */
const listing = `Kernel IPv6 routing table
Destination                    Next Hop                   Flag Met Ref  Use If
fd00:2::/64                    ::                         U    256 1      0 eth0
fd00:17::/64                   ::                         U    256 1      0 docker0
fe80::/64                      ::                         U    256 1      0 eth0
::/0                           fd00:2::2                  UG   1024 1     0 eth0
::1/128                        ::                         Un   0   3      0 lo
fd00:2::15/128                 ::                         Un   0   2      0 eth0
ff00::/8                       ::                         U    256 1      0 eth0
::/0                           ::                         !n   -1  1      0 lo
`;

test("route -n -A inet6: routes, gateways, local addresses; the null entry is no route", () => {
	const { routes, diagnostics } = parseIpRoute6(listing, "route-n6.txt");
	expect(diagnostics).toEqual([]);
	expect(
		routes.map((r) => [r.type, r.prefixLength, r.gateway, r.device, r.metric]),
	).toEqual([
		["unicast", 64, undefined, "eth0", 256],
		["unicast", 64, undefined, "docker0", 256],
		["unicast", 64, undefined, "eth0", 256],
		["unicast", 0, "fd00:0002:0000:0000:0000:0000:0000:0002", "eth0", 1024],
		["local", 128, undefined, "lo", 0],
		["local", 128, undefined, "eth0", 0],
		["unicast", 8, undefined, "eth0", 256],
	]);
	expect(routes[1]?.destination).toBe(
		"fd00:0017:0000:0000:0000:0000:0000:0000",
	);
	expect(routes[6]?.destination).toBe(
		"ff00:0000:0000:0000:0000:0000:0000:0000",
	);
});

test("route -n -A inet6: a line it cannot read is an error with its line", () => {
	const { diagnostics } = parseIpRoute6(
		`${listing}fd00:99::/200  ::  U  256 1 0 eth0\n`,
		"route-n6.txt",
	);
	expect(diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
		["error", 11, "cannot read this route -n -A inet6 line"],
	]);
});
