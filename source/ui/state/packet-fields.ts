/**
 * Between a packet and the builder's fields: filling the fields from a parsed
 * packet, and sending edited fields in the notation the packet came in. A
 * pasted LOG line is kept as it is, with only the edited fields replaced in
 * place, so it says to the engine everything it said to the user.
 */
import type { PacketInput } from "../../engine/index.js";
import { formatAddress } from "../../engine/net/address.js";
import {
	type BuilderFieldId,
	type BuilderValues,
	builderFieldIds,
	composeSpec,
	localIface,
} from "./builder.js";

const flagOrder = [
	"fin",
	"syn",
	"rst",
	"psh",
	"ack",
	"urg",
	"ece",
	"cwr",
] as const;

/** Fills the fields from a parsed packet (a preset or a pasted log line). */
export function valuesFromInput(
	values: BuilderValues,
	input: PacketInput,
): BuilderValues {
	const { packet, meta } = input;
	const protocol =
		packet.protocol === 6
			? "tcp"
			: packet.protocol === 17
				? "udp"
				: packet.family === "ipv6"
					? "icmp6"
					: "icmp";
	const flags = packet.tcp
		? flagOrder
				.filter((_, bit) => (packet.tcp?.flags ?? 0) & (1 << bit))
				.join(" ")
		: values.flags;
	return {
		...values,
		protocol,
		src: formatAddress(packet.src),
		dst: formatAddress(packet.dst),
		sport: packet.sport === undefined ? "" : String(packet.sport),
		dport: packet.dport === undefined ? "" : String(packet.dport),
		iface: meta.inInterface === "" ? localIface : meta.inInterface,
		flags,
		icmpType: packet.icmp ? String(packet.icmp.type) : values.icmpType,
		icmpCode: packet.icmp ? String(packet.icmp.code) : values.icmpCode,
		physin: meta.physIn ?? "",
		mac: meta.mac ?? "",
		length: String(packet.length),
		hops: String(packet.ttl),
		flow: packet.family === "ipv6" ? String(packet.flowLabel) : "",
		mark: meta.mark === 0 ? "" : `0x${meta.mark.toString(16)}`,
		uid: meta.uid === undefined ? "" : String(meta.uid),
	};
}

/**
 * The LOG field each builder field is, where replacing its value in place is
 * enough; the hop count is `TTL=` in an IPv4 line, `HOPLIMIT=` in an IPv6 one.
 */
function logKey(id: BuilderFieldId, line: string): string | undefined {
	if (id === "hops") return /(^|\s)HOPLIMIT=/.test(line) ? "HOPLIMIT" : "TTL";
	return logKeys[id];
}

const logKeys: Partial<Record<BuilderFieldId, string>> = {
	src: "SRC",
	dst: "DST",
	sport: "SPT",
	dport: "DPT",
	iface: "IN",
	physin: "PHYSIN",
	mac: "MAC",
	length: "LEN",
	icmpType: "TYPE",
	icmpCode: "CODE",
	mark: "MARK",
	uid: "UID",
	flow: "FLOWLBL",
};

/**
 * The LOG line with the edited fields replaced in place, or undefined when an
 * edit cannot be said that way (a field the line lacks, a new protocol).
 */
export function editLogLine(
	line: string,
	from: BuilderValues,
	to: BuilderValues,
): string | undefined {
	let text = line;
	for (const id of builderFieldIds) {
		if (id === "preset" || id === "paste" || from[id] === to[id]) continue;
		const key = logKey(id, line);
		const value = id === "iface" && to[id] === localIface ? "" : to[id].trim();
		// A field emptied (other than IN= for a local packet) is a packet the line cannot say.
		if (key === undefined || (value === "" && id !== "iface")) {
			return undefined;
		}
		const re = new RegExp(`(^|\\s)${key}=\\S*`);
		if (!re.test(text)) return undefined;
		text = text.replace(re, (_, space: string) => `${space}${key}=${value}`);
	}
	return text;
}

/** The packet text to send: the base line (edited in place) when it can say the fields, else the short form. */
export function packetText(
	base: { readonly text: string; readonly values: BuilderValues } | undefined,
	values: BuilderValues,
): string {
	if (base?.text.includes("IN=")) {
		const edited = editLogLine(base.text, base.values, values);
		if (edited !== undefined) return edited;
	}
	const unchanged = builderFieldIds.every(
		(id) =>
			id === "preset" || id === "paste" || base?.values[id] === values[id],
	);
	if (base && unchanged) {
		return base.text;
	}
	return composeSpec(values);
}
