/**
 * The kernel's LOG line for an IPv4 packet, byte for byte as
 * `nf_log_ip_packet` in net/netfilter/nf_log_syslog.c builds it: every field
 * followed by one space, so the line ends in a space.
 */

import {
	ipProtocol,
	isIpv6,
	type Packet,
	type Packet4,
	type PacketMeta,
} from "../model/packet.js";
import { formatIpv4 } from "../net/ipv4.js";
import { ipPart6 } from "./log-line6.js";
import { hexByte, spiPart, tcpPart, udpPart } from "./log-transport.js";

/** The devices a hook passes to the logger (section 1.5 of the semantics). */
export type LogDevices = {
	readonly in: string;
	readonly out: string;
	/** Bridge ports (br_netfilter); printed only when they differ from `in`/`out`. */
	readonly physIn?: string;
	readonly physOut?: string;
	/**
	 * MAC of the input device, used only to synthesize `MAC=` when `meta.mac`
	 * is unknown. The empty string means the device has no link-layer header
	 * (tun, WireGuard), which prints `MAC=` with nothing after it.
	 */
	readonly inMac?: string;
	/**
	 * Whether the input device is Ethernet (ARPHRD_ETHER): only then does
	 * `--log-macdecode` print `MACSRC=`/`MACDST=`; loopback and other link
	 * types keep the raw `MAC=` form (nf_log_syslog's dump_ipv4_mac_header).
	 * @default true, except for `lo`
	 */
	readonly inEthernet?: boolean;
};

/** The LOG options that change the text (`--log-tcp-sequence`, ...). */
export type LogFlags = {
	readonly tcpSequence: boolean;
	readonly tcpOptions: boolean;
	readonly ipOptions: boolean;
	readonly uid: boolean;
	readonly macDecode: boolean;
};

/** What TRACE prints with: NF_LOG_DEFAULT_MASK (everything but MAC decoding). */
export const traceLogFlags: LogFlags = {
	tcpSequence: true,
	tcpOptions: true,
	ipOptions: true,
	uid: true,
	macDecode: false,
};

export const noLogFlags: LogFlags = {
	tcpSequence: false,
	tcpOptions: false,
	ipOptions: false,
	uid: false,
	macDecode: false,
};

const zeroMac = "00:00:00:00:00:00";

/**
 * The link-layer header LOG prints after `MAC=` when the packet does not carry
 * one (packets built from the short notation). Loopback is all zeros; the
 * destination is the broadcast/multicast address for such frames, else the
 * input device's MAC (zeros when unknown); the sender is a locally
 * administered `02:00:<source IPv4>` placeholder so different senders stay
 * apart (IPv6: its last four bytes). The EtherType follows the family.
 */
export function synthesizeMac(
	packet: Packet,
	meta: PacketMeta,
	devices: LogDevices,
): string {
	if (devices.in === "lo") return `${zeroMac}:${zeroMac}:08:00`;
	if (devices.inMac === "") return "";
	let dst = devices.inMac ?? zeroMac;
	if (isIpv6(packet)) {
		const low = (a: string) =>
			`${a.slice(30, 32)}:${a.slice(32, 34)}:${a.slice(35, 37)}:${a.slice(37, 39)}`;
		if (meta.linkType === "multicast") dst = `33:33:${low(packet.dst)}`;
		return `${dst}:02:00:${low(packet.src)}:86:dd`;
	}
	if (meta.linkType === "broadcast") dst = "ff:ff:ff:ff:ff:ff";
	else if (meta.linkType === "multicast") {
		const d = packet.dst;
		dst = `01:00:5e:${hexByte((d >>> 16) & 0x7f)}:${hexByte(d >>> 8)}:${hexByte(d)}`;
	}
	const s = packet.src;
	const src = `02:00:${hexByte(s >>> 24)}:${hexByte(s >>> 16)}:${hexByte(s >>> 8)}:${hexByte(s)}`;
	return `${dst}:${src}:08:00`;
}

function macPart(mac: string, decode: boolean): string {
	// 6.18's dump_mac_header: decoding a header that is not set prints nothing.
	if (decode && mac === "") return "";
	if (!decode || mac.length < 41) return `MAC=${mac} `;
	const dst = mac.slice(0, 17);
	const src = mac.slice(18, 35);
	const proto = mac.slice(36, 41).replace(":", "");
	return `MACSRC=${src} MACDST=${dst} MACPROTO=${proto} `;
}

function icmpPart(packet: Packet4, flags: LogFlags, outer: boolean): string {
	let s = "PROTO=ICMP ";
	if (packet.fragmentOffset !== 0) return s;
	const icmp = packet.icmp;
	if (icmp === undefined)
		return `${s}INCOMPLETE [${packet.incomplete ?? 0} bytes] `;
	s += `TYPE=${icmp.type} CODE=${icmp.code} `;
	if (packet.incomplete !== undefined) {
		return `${s}INCOMPLETE [${packet.incomplete} bytes] `;
	}
	switch (icmp.type) {
		case 0:
		case 8:
			return `${s}ID=${icmp.id ?? 0} SEQ=${icmp.sequence ?? 0} `;
		case 12:
			return `${s}PARAMETER=${icmp.parameter ?? 0} `;
		case 5:
			s += `GATEWAY=${formatIpv4(icmp.gateway ?? 0)} `;
			break;
		case 3:
		case 4:
		case 11:
			break;
		default:
			return s;
	}
	if (outer && icmp.inner && !isIpv6(icmp.inner))
		s += `[${ipPart(icmp.inner, flags, false)}] `;
	if (icmp.type === 3 && icmp.code === 4) s += `MTU=${icmp.mtu ?? 0} `;
	return s;
}

function protocolPart(
	packet: Packet4,
	flags: LogFlags,
	outer: boolean,
): string {
	switch (packet.protocol) {
		case ipProtocol.TCP:
			return tcpPart(packet, flags);
		case ipProtocol.UDP:
		case ipProtocol.UDPLITE:
			return udpPart(packet);
		case ipProtocol.ICMP:
			return icmpPart(packet, flags, outer);
		case ipProtocol.AH:
			if (packet.fragmentOffset !== 0) return "";
			return spiPart("PROTO=AH ", packet);
		case ipProtocol.ESP:
			if (packet.fragmentOffset !== 0) return "PROTO=ESP ";
			return spiPart("PROTO=ESP ", packet);
		default:
			return `PROTO=${packet.protocol} `;
	}
}

/** `dump_ipv4_packet`: the IP header and protocol fields (no UID/MARK). */
function ipPart(packet: Packet4, flags: LogFlags, outer: boolean): string {
	let s = `SRC=${formatIpv4(packet.src)} DST=${formatIpv4(packet.dst)} LEN=${packet.length} `;
	const tos = hexByte(packet.tos & 0x1e).toUpperCase();
	const prec = hexByte(packet.tos & 0xe0).toUpperCase();
	s += `TOS=0x${tos} PREC=0x${prec} TTL=${packet.ttl} ID=${packet.id} `;
	if (packet.ce) s += "CE ";
	if (packet.df) s += "DF ";
	if (packet.mf) s += "MF ";
	if (packet.fragmentOffset !== 0) s += `FRAG:${packet.fragmentOffset} `;
	if (flags.ipOptions && packet.ipOptions) s += `OPT (${packet.ipOptions}) `;
	return s + protocolPart(packet, flags, outer);
}

/**
 * One LOG line (without the syslog level marker), exactly as the kernel
 * prints it. `MAC=` appears only when `devices.in` is set; it comes from
 * `meta.mac` or, when that is unknown, from `synthesizeMac`. `UID=`/`GID=`
 * need the uid flag and `meta.uid`: the packet holds a full socket with a
 * file. That is true for locally generated packets of an established socket
 * and, through TCP early demux, for incoming established TCP in INPUT; it is
 * false for SYN-ACKs sent from a request socket (oracle `host-firewall`).
 */
export function formatLogLine(
	packet: Packet,
	meta: PacketMeta,
	devices: LogDevices,
	request: LogFlags & { readonly prefix: string },
): string {
	let s = `${request.prefix}IN=${devices.in} OUT=${devices.out} `;
	if (devices.physIn !== undefined && devices.physIn !== devices.in) {
		s += `PHYSIN=${devices.physIn} `;
	}
	if (devices.physOut !== undefined && devices.physOut !== devices.out) {
		s += `PHYSOUT=${devices.physOut} `;
	}
	if (devices.in !== "") {
		const mac = meta.mac ?? synthesizeMac(packet, meta, devices);
		const ethernet = devices.inEthernet ?? devices.in !== "lo";
		s += macPart(mac, request.macDecode && ethernet && devices.inMac !== "");
	}
	s += isIpv6(packet)
		? ipPart6(packet, request, true)
		: ipPart(packet, request, true);
	if (request.uid && meta.uid !== undefined && meta.socket !== "request") {
		s += `UID=${meta.uid} GID=${meta.gid ?? meta.uid} `;
	}
	if (meta.mark !== 0) s += `MARK=0x${(meta.mark >>> 0).toString(16)} `;
	return s;
}
