/**
 * A host for a bare rules file: without `ip addr`/`ip route` every packet
 * ends "no route". The ruleset itself names interfaces (`-i`, `-o`) and the
 * networks behind them (`-s NET -i IF`, `-d NET -o IF`, Docker's
 * `-s NET ! -o IF -j MASQUERADE`); this builds `ip addr` and `ip route`
 * text from those, plus an uplink with a default route in a documentation
 * network, and says each thing it assumed.
 */

import type { AddressTest, InterfaceTest, Ruleset } from "../model/ruleset.js";
import { formatIpv4 } from "../net/ipv4.js";

export type AssumedHost = {
	/** `ip addr` text, as `parseHost` reads it. */
	readonly addr: string;
	/** `ip route` text. */
	readonly route: string;
	/** One line per assumption, for the user. */
	readonly assumptions: readonly string[];
};

/** TEST-NET-1 (RFC 5737): an uplink address that cannot be mistaken for a real one. */
const uplinkAddress = "192.0.2.2/24";
const uplinkGateway = "192.0.2.1";

type Network = { readonly addr: number; readonly bits: number };

export function assumeHost(ruleset: Ruleset): AssumedHost {
	const names = new Set<string>();
	const networks = new Map<string, Network[]>();
	for (const table of ruleset.tables.values()) {
		for (const chain of table.chains.values()) {
			for (const rule of chain.rules) {
				const { source, destination, inInterface, outInterface } = rule.header;
				for (const test of [inInterface, outInterface]) {
					const name = interfaceName(test);
					if (name !== undefined) names.add(name);
				}
				addNetwork(networks, source, inInterface, outInterface);
				addNetwork(networks, destination, outInterface, inInterface);
			}
		}
	}
	names.delete("lo");
	// An uplink the rules name (eth*, en*, wl*, bond*) without a network of its own, else eth0.
	const uplink =
		[...names].find((n) => !networks.has(n) && /^(eth|en|wl|bond)/.test(n)) ??
		"eth0";
	names.add(uplink);
	return render([...names], networks, uplink);
}

function interfaceName(test: InterfaceTest | undefined): string | undefined {
	if (!test || test.name === "") return undefined;
	return test.wildcard ? `${test.name}0` : test.name;
}

/**
 * `-s NET -i IF` and `-s NET ! -o IF` both put NET behind IF (the second is
 * Docker's masquerade of its bridge network); likewise for `-d` with `-o`.
 */
function addNetwork(
	networks: Map<string, Network[]>,
	address: AddressTest | undefined,
	same: InterfaceTest | undefined,
	other: InterfaceTest | undefined,
): void {
	if (!address || address.invert || address.family !== "ipv4") return;
	const bits = maskBits(address.mask);
	if (bits < 8 || bits > 30) return;
	const behind =
		same && !same.invert
			? interfaceName(same)
			: other?.invert
				? interfaceName(other)
				: undefined;
	if (behind === undefined || behind === "lo") return;
	const list = networks.get(behind) ?? [];
	if (!list.some((n) => n.addr === address.addr && n.bits === bits)) {
		list.push({ addr: address.addr >>> 0, bits });
		networks.set(behind, list);
	}
}

function maskBits(mask: number): number {
	let bits = 0;
	for (let m = mask >>> 0; m & 0x8000_0000; m = (m << 1) >>> 0) bits++;
	return bits;
}

function render(
	names: readonly string[],
	networks: ReadonlyMap<string, readonly Network[]>,
	uplink: string,
): AssumedHost {
	const addr = [
		"1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN",
		"    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
		"    inet 127.0.0.1/8 scope host lo",
	];
	const route = [`default via ${uplinkGateway} dev ${uplink}`];
	const assumptions: string[] = [];
	for (const [index, name] of names.entries()) {
		const mac = `02:00:00:00:${(index >> 8).toString(16).padStart(2, "0")}:${(index & 255).toString(16).padStart(2, "0")}`;
		addr.push(
			`${index + 2}: ${name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP`,
			`    link/ether ${mac} brd ff:ff:ff:ff:ff:ff`,
		);
		const nets = networks.get(name) ?? [];
		for (const net of nets) {
			const own = `${formatIpv4((net.addr + 1) >>> 0)}/${net.bits}`;
			addr.push(`    inet ${own} scope global ${name}`);
			route.push(
				`${formatIpv4(net.addr)}/${net.bits} dev ${name} proto kernel scope link src ${formatIpv4((net.addr + 1) >>> 0)}`,
			);
			assumptions.push(
				`${name} ${own} (the rules put ${formatIpv4(net.addr)}/${net.bits} behind ${name})`,
			);
		}
		if (name === uplink) {
			addr.push(`    inet ${uplinkAddress} scope global ${name}`);
			route.push(
				`192.0.2.0/24 dev ${name} proto kernel scope link src 192.0.2.2`,
			);
			assumptions.push(
				`${name} ${uplinkAddress}, default route via ${uplinkGateway} (an uplink; documentation addresses)`,
			);
		} else if (nets.length === 0) {
			assumptions.push(`${name} with no address (named by the rules)`);
		}
	}
	return {
		addr: `${addr.join("\n")}\n`,
		route: `${route.join("\n")}\n`,
		assumptions,
	};
}
