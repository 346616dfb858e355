/**
 * The transport part of a LOG line (nf_log_dump_tcp_header,
 * nf_log_dump_udp_header), shared by the IPv4 and IPv6 formats.
 */
import { ipProtocol, type Packet, tcpFlag } from "../model/packet.js";
import type { LogFlags } from "./log-line.js";

export function hexByte(value: number): string {
	return (value & 255).toString(16).padStart(2, "0");
}

export function tcpPart(packet: Packet, flags: LogFlags): string {
	let s = "PROTO=TCP ";
	if (packet.fragmentOffset !== 0) return s;
	const tcp = packet.tcp;
	if (packet.incomplete !== undefined || tcp === undefined) {
		return `${s}INCOMPLETE [${packet.incomplete ?? 0} bytes] `;
	}
	s += `SPT=${packet.sport ?? 0} DPT=${packet.dport ?? 0} `;
	if (flags.tcpSequence) s += `SEQ=${tcp.seq >>> 0} ACK=${tcp.ack >>> 0} `;
	s += `WINDOW=${tcp.window} RES=0x${hexByte(tcp.res)} `;
	const f = tcp.flags;
	if (f & tcpFlag.AE) s += "AE ";
	if (f & tcpFlag.CWR) s += "CWR ";
	if (f & tcpFlag.ECE) s += "ECE ";
	if (f & tcpFlag.URG) s += "URG ";
	if (f & tcpFlag.ACK) s += "ACK ";
	if (f & tcpFlag.PSH) s += "PSH ";
	if (f & tcpFlag.RST) s += "RST ";
	if (f & tcpFlag.SYN) s += "SYN ";
	if (f & tcpFlag.FIN) s += "FIN ";
	s += `URGP=${tcp.urgp} `;
	if (flags.tcpOptions && tcp.options) s += `OPT (${tcp.options}) `;
	return s;
}

export function udpPart(packet: Packet): string {
	const s =
		packet.protocol === ipProtocol.UDP ? "PROTO=UDP " : "PROTO=UDPLITE ";
	if (packet.fragmentOffset !== 0) return s;
	if (packet.incomplete !== undefined) {
		return `${s}INCOMPLETE [${packet.incomplete} bytes] `;
	}
	const length =
		packet.udp?.length ?? packet.length - (packet.family === "ipv6" ? 40 : 20);
	return `${s}SPT=${packet.sport ?? 0} DPT=${packet.dport ?? 0} LEN=${length} `;
}

export function spiPart(head: string, packet: Packet): string {
	if (packet.incomplete !== undefined || packet.spi === undefined) {
		return `${head}INCOMPLETE [${packet.incomplete ?? 0} bytes] `;
	}
	return `${head}SPI=0x${(packet.spi >>> 0).toString(16)} `;
}
