/**
 * Human-facing renderings: a one-line packet summary and terminal-safe text
 * for strings that come from rulesets and logs (comments, log prefixes).
 */
import {
	ipProtocol,
	type Packet,
	type PacketMeta,
	tcpFlag,
} from "../model/packet.js";
import { formatEndpoint } from "../net/address.js";

const protocolNames: Readonly<Record<number, string>> = {
	[ipProtocol.ICMP]: "ICMP",
	[ipProtocol.ICMPV6]: "ICMPv6",
	[ipProtocol.TCP]: "TCP",
	[ipProtocol.UDP]: "UDP",
	[ipProtocol.UDPLITE]: "UDPLITE",
	[ipProtocol.GRE]: "GRE",
	[ipProtocol.ESP]: "ESP",
	[ipProtocol.AH]: "AH",
	[ipProtocol.SCTP]: "SCTP",
	[ipProtocol.DCCP]: "DCCP",
};

const flagOrder: readonly (readonly [string, number])[] = [
	["SYN", tcpFlag.SYN],
	["ACK", tcpFlag.ACK],
	["FIN", tcpFlag.FIN],
	["RST", tcpFlag.RST],
	["PSH", tcpFlag.PSH],
	["URG", tcpFlag.URG],
	["ECE", tcpFlag.ECE],
	["CWR", tcpFlag.CWR],
	["AE", tcpFlag.AE],
];

function detail(packet: Packet): string {
	if (packet.tcp) {
		const names = flagOrder.filter(
			([, bit]) => packet.tcp && packet.tcp.flags & bit,
		);
		return ` [${names.map(([name]) => name).join(",")}]`;
	}
	if (packet.icmp) {
		const { type, code } = packet.icmp;
		const v6 = packet.family === "ipv6";
		if (type === (v6 ? 128 : 8)) return " echo-request";
		if (type === (v6 ? 129 : 0)) return " echo-reply";
		return ` type ${type} code ${code}`;
	}
	return "";
}

/**
 * `TCP 10.0.2.3:45000 → 10.0.2.15:1002 [SYN] in eth0`: one line for UIs.
 * The devices are those of `meta`, as LOG's IN= and OUT= read: `in eth0`
 * before routing, `in eth0 out docker0` once forwarded, `local out eth0`
 * for a locally generated packet, `out docker0` for a bridged frame in
 * POSTROUTING.
 */
export function formatPacketShort(packet: Packet, meta: PacketMeta): string {
	const name = protocolNames[packet.protocol] ?? `proto ${packet.protocol}`;
	const from = formatEndpoint(packet.src, packet.sport);
	const to = formatEndpoint(packet.dst, packet.dport);
	const out = meta.outInterface ? ` out ${meta.outInterface}` : "";
	// A bridged frame has no input device in POSTROUTING (IN= is empty) but
	// came in by a bridge port: it is not locally generated.
	const where =
		meta.inInterface !== ""
			? ` in ${meta.inInterface}${out}`
			: meta.physIn !== undefined && out !== ""
				? out
				: ` local${out}`;
	const mark =
		meta.mark !== 0 ? ` mark 0x${(meta.mark >>> 0).toString(16)}` : "";
	return `${name} ${from} → ${to}${detail(packet)}${where}${mark}`;
}

function isControl(code: number): boolean {
	return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Characters that reorder the text after them: bidi embeddings, overrides, isolates and marks. */
function isBidi(code: number): boolean {
	return (
		(code >= 0x202a && code <= 0x202e) ||
		(code >= 0x2066 && code <= 0x2069) ||
		code === 0x200e ||
		code === 0x200f ||
		code === 0x061c
	);
}

/**
 * Makes text safe to print on a terminal: C0 controls (ESC, CR included),
 * DEL and C1 controls become `\xHH`, and the bidi controls that reorder what
 * follows (U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C) become
 * `\u{...}`; other printable Unicode is kept. Idempotent: its output has no
 * control left, so text escaped where it is formatted and again where it is
 * written comes out the same (a literal backslash is therefore not doubled).
 */
export function escapeTerminalText(text: string): string {
	let out = "";
	let from = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		const control = isControl(code);
		if (!control && !isBidi(code)) continue;
		out += text.slice(from, i);
		out += control
			? `\\x${code.toString(16).padStart(2, "0")}`
			: `\\u{${code.toString(16)}}`;
		from = i + 1;
	}
	return from === 0 ? text : out + text.slice(from);
}
