/**
 * Host settings from captured sysctls (`sysctl.json` maps names, with dots
 * or slashes, to values), combined as the kernel combines them: for
 * rp_filter, the larger of `all` and each interface's own value.
 */
import type { HostSettings } from "../model/host.js";

/** Names with dots, values as the strings /proc holds (`true` counts as "1"). */
function normalize(
	values: Readonly<Record<string, unknown>>,
): Readonly<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(values)) {
		out[name.replaceAll("/", ".")] =
			value === true ? "1" : value === false ? "0" : String(value);
	}
	return out;
}

function rpFilterValue(value: string | undefined): 0 | 1 | 2 {
	const number = Number(value);
	return number === 1 || number === 2 ? number : 0;
}

/** Effective rp_filter per interface: the kernel takes max(all, interface). */
function effectiveRpFilters(
	sysctl: Readonly<Record<string, string>>,
): ReadonlyMap<string, 0 | 1 | 2> {
	const all = rpFilterValue(sysctl["net.ipv4.conf.all.rp_filter"]);
	const result = new Map<string, 0 | 1 | 2>();
	for (const [key, value] of Object.entries(sysctl)) {
		const device = /^net\.ipv4\.conf\.(.+)\.rp_filter$/.exec(key)?.[1];
		if (device !== undefined && !["all", "default", "lo"].includes(device)) {
			result.set(device, Math.max(all, rpFilterValue(value)) as 0 | 1 | 2);
		}
	}
	return result;
}

/** A note when interfaces filter differently (the model holds one value). */
export function rpFilterNote(
	captured: Readonly<Record<string, unknown>>,
): string | undefined {
	const values = new Set(effectiveRpFilters(normalize(captured)).values());
	return values.size > 1
		? "rp_filter differs between interfaces; iptx uses the strictest value for all of them."
		: undefined;
}

/**
 * Host settings from captured sysctls (`sysctl.json`). Only what the capture
 * states is returned; the caller fills the rest from `defaultHostSettings`.
 * A missing bridge sysctl with `module.br_netfilter` "0" means bridged
 * traffic skips iptables (and ip6tables). The families have their own
 * switches: `net.ipv4.ip_forward` and `net.ipv6.conf.all.forwarding`,
 * `bridge-nf-call-iptables` and `bridge-nf-call-ip6tables`.
 */
export function settingsFromSysctl(
	values: Readonly<Record<string, unknown>>,
): Partial<HostSettings> {
	const sysctl = normalize(values);
	const settings: { -readonly [K in keyof HostSettings]?: HostSettings[K] } =
		{};
	const forward = sysctl["net.ipv4.ip_forward"];
	if (forward !== undefined) {
		settings.ipForward = forward === "1";
	}
	const loose = sysctl["net.netfilter.nf_conntrack_tcp_loose"];
	if (loose !== undefined) {
		settings.tcpLoose = loose !== "0";
	}
	const localnet = sysctl["net.ipv4.conf.all.route_localnet"];
	if (localnet !== undefined) {
		settings.routeLocalnet = localnet === "1";
	}
	const all = sysctl["net.ipv4.conf.all.rp_filter"];
	if (all !== undefined) {
		const perInterface = [...effectiveRpFilters(sysctl).values()];
		settings.rpFilter = Math.max(rpFilterValue(all), ...perInterface) as
			| 0
			| 1
			| 2;
	}
	const forward6 = sysctl["net.ipv6.conf.all.forwarding"];
	if (forward6 !== undefined) {
		settings.ip6Forward = forward6 === "1";
	}
	const bridge = sysctl["net.bridge.bridge-nf-call-iptables"];
	const bridge6 = sysctl["net.bridge.bridge-nf-call-ip6tables"];
	const unloaded = sysctl["module.br_netfilter"] === "0";
	if (bridge !== undefined) settings.bridgeNetfilter = bridge === "1";
	else if (unloaded) settings.bridgeNetfilter = false;
	if (bridge6 !== undefined) settings.bridgeNetfilter6 = bridge6 === "1";
	else if (unloaded) settings.bridgeNetfilter6 = false;
	return settings;
}
