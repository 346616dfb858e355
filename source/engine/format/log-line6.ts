/**
 * The IPv6 part of a LOG line, byte for byte as dump_ipv6_packet in
 * net/netfilter/nf_log_syslog.c prints it: the header, the extension headers
 * (only the fragment header unless `--log-ip-options`), then the upper layer.
 */
import { ipProtocol, type Packet6 } from "../model/packet.js";
import type { LogFlags } from "./log-line.js";
import { spiPart, tcpPart, udpPart } from "./log-transport.js";

/** The extension headers; false when the walk stops there (LOG prints no upper layer). */
function extPart(
	packet: Packet6,
	flags: LogFlags,
): { text: string; more: boolean } {
	let s = "";
	let fragment = false;
	for (const header of packet.extHeaders) {
		if (flags.ipOptions) s += "OPT ( ";
		switch (header.kind) {
			case "frag":
				s += `FRAG:${header.offset * 8} `;
				if (header.more) s += "INCOMPLETE ";
				s += `ID:${(header.id >>> 0).toString(16).padStart(8, "0")} `;
				if (header.offset !== 0) fragment = true;
				break;
			case "hbh":
			case "dst":
			case "rt":
				if (fragment)
					return { text: flags.ipOptions ? `${s})` : s, more: false };
				break;
			case "ah":
				if (flags.ipOptions) {
					s += "AH ";
					if (fragment) return { text: `${s})`, more: false };
					if (packet.spi !== undefined)
						s += `SPI=0x${(packet.spi >>> 0).toString(16)} `;
				}
				break;
			case "mh":
				return { text: `${s}Unknown Ext Hdr 135`, more: false };
		}
		if (flags.ipOptions) s += ") ";
	}
	return { text: s, more: true };
}

function icmp6Part(packet: Packet6, flags: LogFlags, outer: boolean): string {
	let s = "PROTO=ICMPv6 ";
	if (packet.fragmentOffset !== 0) return s;
	const icmp = packet.icmp;
	if (icmp === undefined)
		return `${s}INCOMPLETE [${packet.incomplete ?? 0} bytes] `;
	s += `TYPE=${icmp.type} CODE=${icmp.code} `;
	switch (icmp.type) {
		case 128:
		case 129:
			return `${s}ID=${icmp.id ?? 0} SEQ=${icmp.sequence ?? 0} `;
		case 4:
			s += `POINTER=${((icmp.parameter ?? 0) >>> 0).toString(16).padStart(8, "0")} `;
			break;
		case 1:
		case 2:
		case 3:
			break;
		default:
			return s;
	}
	if (outer && icmp.inner?.family === "ipv6")
		s += `[${ipPart6(icmp.inner, flags, false)}] `;
	if (icmp.type === 2) s += `MTU=${icmp.mtu ?? 0} `;
	return s;
}

/** dump_ipv6_packet: the IPv6 header and what follows it (no UID/MARK). */
export function ipPart6(
	packet: Packet6,
	flags: LogFlags,
	outer: boolean,
): string {
	let s = `SRC=${packet.src} DST=${packet.dst} LEN=${packet.length} `;
	s += `TC=${packet.tos} HOPLIMIT=${packet.ttl} FLOWLBL=${packet.flowLabel} `;
	const ext = extPart(packet, flags);
	s += ext.text;
	if (!ext.more) return s;
	switch (packet.protocol) {
		case ipProtocol.TCP:
			return s + tcpPart(packet, flags);
		case ipProtocol.UDP:
		case ipProtocol.UDPLITE:
			return s + udpPart(packet);
		case ipProtocol.ICMPV6:
			return s + icmp6Part(packet, flags, outer);
		case ipProtocol.ESP:
			if (flags.ipOptions)
				return `${s}OPT ( ESP ${spiPart("", packet).trim()} )`;
			return s;
		default:
			return `${s}PROTO=${packet.protocol} `;
	}
}
