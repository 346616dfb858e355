/** Host settings from sysctl values (`sysctl.json` maps names to values). */
import type { HostSettings } from "../model/host.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function truthy(value: unknown): boolean {
	return value === true || value === 1 || value === "1";
}

/**
 * Maps `net.ipv4.ip_forward`, `net.bridge.bridge-nf-call-iptables`,
 * `net.netfilter.nf_conntrack_tcp_loose`, `net.ipv4.conf.all.rp_filter` and
 * `net.ipv4.conf.all.route_localnet` (dots or slashes) to settings; other
 * names are ignored.
 */
export function settingsFromSysctl(
	values: Readonly<Record<string, unknown>>,
): Partial<HostSettings> {
	const out: Partial<Mutable<HostSettings>> = {};
	for (const [rawName, value] of Object.entries(values)) {
		const name = rawName.replaceAll("/", ".");
		if (name === "net.ipv4.ip_forward") out.ipForward = truthy(value);
		else if (name === "net.bridge.bridge-nf-call-iptables")
			out.bridgeNetfilter = truthy(value);
		else if (name === "net.netfilter.nf_conntrack_tcp_loose")
			out.tcpLoose = truthy(value);
		else if (name === "net.ipv4.conf.all.route_localnet")
			out.routeLocalnet = truthy(value);
		else if (name === "net.ipv4.conf.all.rp_filter") {
			const n = Number(value);
			out.rpFilter = n === 1 ? 1 : n === 2 ? 2 : 0;
		}
	}
	return out;
}
