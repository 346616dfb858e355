/**
 * Interfaces and IPv4 addresses from `ip -j addr show`, `ip addr show` /
 * `ip -4 addr` text, or `ip -br addr`. The form is detected from the content.
 */

import type { Mutable } from "../lib/mutable.js";
import type { HostInterface, InterfaceAddress } from "../model/host.js";
import { parseIpv4 } from "../net/ipv4.js";
import { DiagnosticSink, parseCidr, splitWords } from "./host-diagnostics.js";
import { linkTypeOf, toScope } from "./ip-addr-fields.js";
import { parseIpAddrBrief } from "./parse-ip-addr-brief.js";
import { parseIpAddrJson } from "./parse-ip-addr-json.js";
import { address6Of } from "./parse-ip-addr6.js";

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
	if (trimmed.startsWith("[")) interfaces = parseIpAddrJson(trimmed, sink);
	else {
		const lines = text.split(/\r?\n/);
		interfaces = lines.some((l) => linkHeader.test(l))
			? parseFullText(lines, sink)
			: parseIpAddrBrief(lines, sink);
	}
	return { interfaces: markBridges(interfaces), diagnostics: sink.list };
}
