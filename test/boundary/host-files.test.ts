/**
 * Wrong host files: never a crash, never silently a different host. Each
 * gets an error naming its file and position; a packet on an interface
 * the host does not have is refused.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { formatDiagnostic, parseHost } from "../../source/engine/index.js";
import { runCli, stackTrace } from "../helpers/run-cli.js";

const eth0 = {
	ifindex: 2,
	ifname: "eth0",
	flags: ["UP"],
	addr_info: [{ family: "inet", local: "10.0.0.1", prefixlen: 24 }],
};
const addr = JSON.stringify([eth0]);

function errors(input: Parameters<typeof parseHost>[0]): string[] {
	return parseHost(input)
		.diagnostics.filter((d) => d.severity === "error")
		.map(formatDiagnostic);
}

describe("wrong shapes of ip -j JSON are errors, not TypeErrors", () => {
	test.each([
		[
			"addr [null]",
			{ addr: "[null]" },
			"ip-addr:1:1: error: entry 1: null is not an object [bad-json-field]",
		],
		[
			"addr_info a string",
			{ addr: '[{"ifname":"eth0","addr_info":"x"}]' },
			'entry 1: "addr_info" is "x", not a array',
		],
		[
			"flags a number",
			{ addr: '[{"ifname":"eth0","flags":5,"addr_info":[]}]' },
			'"flags" is 5, not a array',
		],
		[
			"ifname a number",
			{ addr: '[{"ifname":7,"addr_info":[]}]' },
			'"ifname" is 7, not a string',
		],
		[
			"an object without ifname",
			{ addr: '[{"addr_info":[]}]' },
			'entry 1: no "ifname"',
		],
		[
			"an interface without addr_info",
			{ addr: '[{"ifname":"eth0"}]' },
			'eth0 has no "addr_info" list',
		],
		[
			"an inet entry without local",
			{
				addr: '[{"ifname":"eth0","addr_info":[{"family":"inet","prefixlen":24}]}]',
			},
			'entry 1 addr_info 1: an inet entry without "local"',
		],
		[
			"prefixlen 99",
			{
				addr: '[{"ifname":"eth0","addr_info":[{"family":"inet","local":"10.0.0.1","prefixlen":99}]}]',
			},
			"prefixlen 99 is not 0 to 32",
		],
		[
			"an interface name with a slash",
			{ addr: '[{"ifname":"a/b","addr_info":[]}]' },
			"device name 'a/b' holds",
		],
		[
			"route [5]",
			{ route: "[5]" },
			"ip-route:1:1: error: route 1: 5 is not an object",
		],
		[
			'route "dst": 5',
			{ route: '[{"dst":5,"dev":"eth0"}]' },
			'route 1: "dst" is 5, not a string',
		],
		[
			'route "table": []',
			{ route: '[{"dst":"default","dev":"eth0","table":[]}]' },
			'"table" is [], not a string',
		],
		["rule [1]", { rule: "[1]" }, "ip-rule"],
	])("%s", (_name, input, says) => {
		const found = errors(input);
		expect(found.join("\n")).toContain(says);
	});
});

describe("host files that no host prints are errors at their line", () => {
	test.each([
		[
			'{"dst":"default"} without a device',
			{ route: '[{"dst":"default"}]' },
			"ip-route:1:1: error: route 1: a unicast route needs a dev or a gateway [route-no-device]",
		],
		[
			"a route out of a device the host does not have",
			{ addr, route: "10.0.0.0/24 dev eth0\n10.9.0.0/16 dev eth9\n" },
			"ip-route:2:1: error: dev eth9: the host has no such interface",
		],
		[
			"a gateway that is not on-link",
			{
				addr,
				route: "10.0.0.0/24 dev eth0\ndefault via 192.168.1.1 dev eth0\n",
			},
			"ip-route:2:1: error: gateway 192.168.1.1 is not on-link",
		],
		[
			"garbage ip route text",
			{ route: "hello world\n" },
			"ip-route:1:1: error: cannot read destination 'hello'",
		],
		[
			"garbage route -n text",
			{
				route:
					"Kernel IP routing table\nDestination Gateway Genmask Flags Metric Ref Use Iface\nthis is not a route\n0.0.0.0 10.0.0.254 0.0.0.0 UG 0 0 0 eth0\n",
			},
			"ip-route:3:1: error: not a route -n line",
		],
		[
			"garbage ip rule text",
			{ rule: "what is this\n" },
			"ip-rule:1:1: error: expected `PRIORITY:` first",
		],
		[
			"garbage ip addr text",
			{ addr: "<html>\n<body>\n" },
			"ip-addr:1:1: error: not an `ip -br addr` line",
		],
		[
			"a bad address in ip addr text",
			{
				addr: "2: eth0: <UP> mtu 1500\n    inet 10.0.0.1/99 scope global eth0\n",
			},
			"ip-addr:2:10: error: cannot read address '10.0.0.1/99'",
		],
	])("%s", (_name, input, says) => {
		expect(errors(input).join("\n")).toContain(says);
	});

	test("an onlink gateway and a gateway on a connected route are fine", () => {
		expect(
			errors({
				addr,
				route:
					"10.0.0.0/24 dev eth0\ndefault via 10.0.0.254 dev eth0\n192.168.0.0/16 via 172.16.0.1 dev eth0 onlink\n",
			}),
		).toEqual([]);
	});
});

describe("the command line", () => {
	const dir = mkdtempSync(path.join(tmpdir(), "iptx-host-"));
	const rules = path.join(dir, "r.rules");
	writeFileSync(
		rules,
		"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n",
	);
	const file = (name: string, text: string) => {
		const at = path.join(dir, name);
		writeFileSync(at, text);
		return at;
	};
	const packet = "tcp 10.0.0.2:5 > 10.0.0.1:22 in eth0 syn";

	test.each([
		["[null]", "[null]"],
		['"addr_info": "x"', '[{"ifname":"eth0","addr_info":"x"}]'],
		["[1, [2], {}]", '[1,[2],{"ifname":{}}]'],
	])("--addr %s: an error with its file, no stack trace", (_name, text) => {
		const addrFile = file("addr.json", text);
		const run = runCli(["trace", rules, "--addr", addrFile, packet]);
		expect(run.stderr).not.toMatch(stackTrace);
		expect(run.stderr).toContain(`${addrFile}:1:1: error:`);
	});

	test('--route "dst": 5: an error with its file, no stack trace', () => {
		const routeFile = file("route.json", '[{"dst":5}]');
		const run = runCli(["trace", rules, "--route", routeFile, packet]);
		expect(run.stderr).not.toMatch(stackTrace);
		expect(run.stderr).toContain(`${routeFile}:1:1: error: route 1:`);
	});

	test("a packet on an interface the host does not have is refused", () => {
		const addrFile = file("addr.json", addr);
		const run = runCli([
			"trace",
			rules,
			"--addr",
			addrFile,
			"tcp 10.0.0.2:5 > 10.0.0.1:22 in eth7 syn",
		]);
		expect(run.status).toBe(1);
		expect(run.stdout).not.toContain("delivered");
		expect(run.stderr).toContain(
			"packet 1: the packet arrives on IN=eth7, which this host does not have (its interfaces: eth0)",
		);
	});
});
