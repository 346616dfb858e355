/**
 * Interfaces and IPv4 addresses from `ip -j addr show`, `ip addr show` /
 * `ip -4 addr` text, or `ip -br addr`. The form is detected from the content.
 */

import type { Mutable } from "../lib/mutable.js";
import type { HostInterface, InterfaceAddress } from "../model/host.js";
import { parseIpv4, prefixToMask } from "../net/ipv4.js";
import { badDeviceName } from "./device-name.js";
import {
	DiagnosticSink,
	parseCidr,
	parseJsonArray,
	splitWords,
} from "./host-diagnostics.js";
import { type JsonEntry, jsonEntries } from "./json-entry.js";
import { address6Of, jsonAddresses6 } from "./parse-ip-addr6.js";

type Scope = InterfaceAddress["scope"];

const scopes: readonly Scope[] = ["global", "link", "host", "site", "nowhere"];

function toScope(text: unknown, address: number): Scope {
	if (
		typeof text === "string" &&
		(scopes as readonly string[]).includes(text)
	) {
		return text as Scope;
	}
	// The kernel forces host scope on 127/8 addresses (inet_set_ifa).
	return address >>> 24 === 127 ? "host" : "global";
}

function linkTypeOf(
	text: string | undefined,
	name: string,
): HostInterface["linkType"] {
	if (text === "loopback" || name === "lo") return "loopback";
	if (text === "ether") return "ether";
	if (text === "none") return "none";
	return text === undefined ? "ether" : "other";
}

/** A later address in the subnet of an earlier one is secondary (__inet_insert_ifa). */
function markSecondaries(addresses: Mutable<InterfaceAddress>[]): void {
	for (let i = 0; i < addresses.length; i++) {
		const a = addresses[i] as Mutable<InterfaceAddress>;
		const mask = prefixToMask(a.prefixLength);
		a.secondary = addresses
			.slice(0, i)
			.some(
				(b) =>
					!b.secondary &&
					b.prefixLength === a.prefixLength &&
					((b.address ^ a.address) & mask) === 0,
			);
	}
}

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

function parseJson(text: string, sink: DiagnosticSink): HostInterface[] {
	const data = parseJsonArray(text, sink, "ip -j addr show");
	if (data === undefined) return [];
	return jsonEntries(data, "entry", sink).flatMap(
		(link, i) => jsonLink(link, i) ?? [],
	);
}

const linkHeader = /^(\d+):\s+([^:@\s]+)(?:@[^:\s]+)?:\s+<([^>]*)>(.*)$/;

function parseFullText(
	lines: readonly string[],
	sink: DiagnosticSink,
): HostInterface[] {
	const result: Mutable<HostInterface>[] = [];
	let current: Mutable<HostInterface> | undefined;
	let addresses: Mutable<InterfaceAddress>[] = [];
	lines.forEach((line, i) => {
		const header = linkHeader.exec(line);
		if (header) {
			const [, index = "0", name = "", flags = "", rest = ""] = header;
			const words = rest.trim().split(/\s+/);
			const at = (key: string) => {
				const k = words.indexOf(key);
				return k === -1 ? undefined : words[k + 1];
			};
			addresses = [];
			current = {
				name,
				index: Number(index),
				linkType: linkTypeOf(undefined, name),
				up: flags.split(",").includes("UP"),
				bridge: false,
				mtu: Number(at("mtu") ?? 1500),
				addresses,
			};
			const master = at("master");
			if (master !== undefined) current.master = master;
			result.push(current);
			return;
		}
		const words = splitWords(line);
		const kind = words[0]?.text;
		if (!current || kind === undefined) return;
		if (kind.startsWith("link/")) {
			current.linkType = linkTypeOf(kind.slice(5), current.name);
			const mac = words[1]?.text;
			if (mac && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac))
				current.mac = mac.toLowerCase();
			return;
		}
		if (kind === "inet6") {
			const [local = "", prefix = "128"] = (words[1]?.text ?? "").split("/");
			const texts = words.map((w) => w.text);
			const scope = texts[texts.indexOf("scope") + 1];
			const a = address6Of(local, Number(prefix), scope);
			if (a) current.addresses6 = [...(current.addresses6 ?? []), a];
			return;
		}
		// `ip -d addr`: "bridge_slave state forwarding ... hairpin on ..."
		if (kind === "bridge_slave") {
			const k = words.findIndex((w) => w.text === "hairpin");
			if (k !== -1 && words[k + 1]?.text === "on") current.hairpin = true;
			return;
		}
		if (kind !== "inet") return;
		const cidr = words[1] && parseCidr(words[1].text, parseIpv4);
		if (!cidr) {
			sink.add(
				"error",
				"bad-address",
				`cannot read address '${words[1]?.text ?? ""}'`,
				i + 1,
				words[1]?.column ?? 1,
			);
			return;
		}
		const texts = words.map((w) => w.text);
		const scopeAt = texts.indexOf("scope");
		const a: Mutable<InterfaceAddress> = {
			...cidr,
			scope: toScope(
				scopeAt === -1 ? undefined : texts[scopeAt + 1],
				cidr.address,
			),
			secondary: texts.includes("secondary"),
		};
		const brdAt = texts.indexOf("brd");
		const brd = brdAt === -1 ? undefined : parseIpv4(texts[brdAt + 1] ?? "");
		if (brd !== undefined) a.broadcast = brd;
		const label = texts[texts.length - 1];
		if (label && label !== current.name && /^[\w.-]+:[\w.-]+$/.test(label))
			a.label = label;
		addresses.push(a);
	});
	return result;
}

/** The operational states `ip -br` prints (IF_OPER_*). */
const operStates = new Set([
	"UNKNOWN",
	"NOTPRESENT",
	"DOWN",
	"LOWERLAYERDOWN",
	"TESTING",
	"DORMANT",
	"UP",
]);

/** Why a line is not one `ip -br addr` prints (name, then state), or undefined. */
function briefProblem(name: string, state: string): string | undefined {
	const bad =
		badDeviceName(name) ??
		(operStates.has(state)
			? undefined
			: `'${state}' is not an interface state`);
	return bad === undefined ? undefined : `not an \`ip -br addr\` line: ${bad}`;
}

function parseBrief(
	lines: readonly string[],
	sink: DiagnosticSink,
): HostInterface[] {
	const result: HostInterface[] = [];
	lines.forEach((line, i) => {
		const words = splitWords(line);
		const first = words[0];
		if (!first) return;
		const name = first.text.split("@")[0] ?? first.text;
		const state = words[1]?.text ?? "";
		const bad = briefProblem(name, state);
		if (bad) {
			sink.add("error", "bad-interface", bad, i + 1, first.column);
			return;
		}
		const addresses: Mutable<InterfaceAddress>[] = [];
		for (const word of words.slice(2)) {
			if (word.text.includes(":")) continue;
			const cidr = parseCidr(word.text, parseIpv4);
			if (!cidr) {
				sink.add(
					"error",
					"bad-address",
					`cannot read address '${word.text}'`,
					i + 1,
					word.column,
				);
				continue;
			}
			addresses.push({
				...cidr,
				scope: toScope(undefined, cidr.address),
				secondary: false,
			});
		}
		markSecondaries(addresses);
		result.push({
			name,
			index: result.length + 1,
			linkType: linkTypeOf(undefined, name),
			up: state !== "DOWN",
			bridge: false,
			mtu: name === "lo" ? 65536 : 1500,
			addresses,
		});
	});
	return result;
}

/** Marks devices that other devices name as `master` as bridges. */
function markBridges(interfaces: readonly HostInterface[]): HostInterface[] {
	const masters = new Set(
		interfaces.flatMap((i) => (i.master === undefined ? [] : [i.master])),
	);
	return interfaces.map((i) =>
		masters.has(i.name) && !i.bridge ? { ...i, bridge: true } : i,
	);
}

/**
 * Parses interface listings. Never throws: problems become diagnostics.
 * `ip -br addr` has no scopes, flags or MACs: 127/8 gets host scope, the
 * rest global, and a later address inside an earlier one's subnet is secondary.
 */
export function parseIpAddr(
	text: string,
	source = "ip-addr",
): { interfaces: HostInterface[]; diagnostics: DiagnosticSink["list"] } {
	const sink = new DiagnosticSink(source);
	const trimmed = text.trim();
	let interfaces: HostInterface[];
	if (trimmed.startsWith("[")) interfaces = parseJson(trimmed, sink);
	else {
		const lines = text.split(/\r?\n/);
		interfaces = lines.some((l) => linkHeader.test(l))
			? parseFullText(lines, sink)
			: parseBrief(lines, sink);
	}
	return { interfaces: markBridges(interfaces), diagnostics: sink.list };
}
