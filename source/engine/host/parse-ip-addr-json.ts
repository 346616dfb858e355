/**
 * Interfaces and their addresses from `ip -j addr show` (also `ip -j -d`,
 * whose link info says which ports a bridge has and whether they hairpin).
 */
import type { Mutable } from "../lib/mutable.js";
import type { HostInterface, InterfaceAddress } from "../model/host.js";
import { parseIpv4 } from "../net/ipv4.js";
import { badDeviceName } from "./device-name.js";
import { type DiagnosticSink, parseJsonArray } from "./host-diagnostics.js";
import { linkTypeOf, toScope } from "./ip-addr-fields.js";
import { type JsonEntry, jsonEntries } from "./json-entry.js";
import { jsonAddresses6 } from "./parse-ip-addr6.js";

function jsonAddress(info: JsonEntry): InterfaceAddress | undefined {
	const family = info.string("family");
	const local = info.string("local");
	if (family !== "inet") return undefined;
	if (local === undefined) {
		info.error("missing-address", 'an inet entry without "local"');
		return undefined;
	}
	const address = parseIpv4(local);
	if (address === undefined) {
		info.error("bad-address", `cannot read address '${local}'`);
		return undefined;
	}
	const prefixLength = info.number("prefixlen") ?? 32;
	if (
		!Number.isInteger(prefixLength) ||
		prefixLength < 0 ||
		prefixLength > 32
	) {
		info.error("bad-address", `prefixlen ${prefixLength} is not 0 to 32`);
		return undefined;
	}
	const a: Mutable<InterfaceAddress> = {
		address,
		prefixLength,
		scope: toScope(info.string("scope"), address),
		secondary: info.boolean("secondary") === true,
	};
	const broadcast = info.string("broadcast");
	const brd = broadcast === undefined ? undefined : parseIpv4(broadcast);
	if (brd !== undefined) a.broadcast = brd;
	const label = info.string("label");
	if (label !== undefined) a.label = label;
	return a;
}

function jsonLink(link: JsonEntry, index: number): HostInterface | undefined {
	const name = link.string("ifname");
	if (name === undefined) {
		link.error("missing-ifname", 'no "ifname"');
		return undefined;
	}
	const bad = badDeviceName(name);
	if (bad) {
		link.error("bad-ifname", bad);
		return undefined;
	}
	const flags = link.strings("flags") ?? [];
	const linkType = link.string("link_type");
	const infos = link.entries("addr_info");
	if (!link.has("addr_info"))
		link.error("missing-addresses", `${name} has no "addr_info" list`);
	const iface: Mutable<HostInterface> = {
		name,
		index: link.number("ifindex") ?? index + 1,
		linkType: linkTypeOf(linkType, name),
		up: flags.includes("UP"),
		bridge: link.object("linkinfo")?.string("info_kind") === "bridge",
		mtu: link.number("mtu") ?? 1500,
		addresses: infos.flatMap((info) => jsonAddress(info) ?? []),
	};
	const mac = link.string("address");
	if (mac !== undefined && linkType !== "none") iface.mac = mac.toLowerCase();
	const master = link.string("master");
	if (master !== undefined) iface.master = master;
	const v6 = jsonAddresses6(
		link.objects("addr_info") as Parameters<typeof jsonAddresses6>[0],
	);
	if (v6.length > 0) iface.addresses6 = v6;
	// `ip -d`: a bridge port's settings, hairpin among them.
	const port = link.object("linkinfo")?.object("info_slave_data");
	if (port?.boolean("hairpin") === true) iface.hairpin = true;
	return iface;
}

/** The interfaces of `ip -j addr show`. */
export function parseIpAddrJson(
	text: string,
	sink: DiagnosticSink,
): HostInterface[] {
	const data = parseJsonArray(text, sink, "ip -j addr show");
	if (data === undefined) return [];
	return jsonEntries(data, "entry", sink).flatMap(
		(link, i) => jsonLink(link, i) ?? [],
	);
}
