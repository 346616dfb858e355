/**
 * The transport part of a kernel log line (nf_log_dump_tcp_header,
 * nf_log_dump_udp_header), the same for IPv4 and IPv6.
 */
import type { Mutable } from "../lib/mutable.js";
import {
	type IcmpHeader,
	type Packet,
	type TcpHeader,
	tcpFlag,
} from "../model/packet.js";
import type { LogScanner } from "./log-scanner.js";

const flagWords: readonly (readonly [string, number])[] = [
	["AE", tcpFlag.AE],
	["CWR", tcpFlag.CWR],
	["ECE", tcpFlag.ECE],
	["URG", tcpFlag.URG],
	["ACK", tcpFlag.ACK],
	["PSH", tcpFlag.PSH],
	["RST", tcpFlag.RST],
	["SYN", tcpFlag.SYN],
	["FIN", tcpFlag.FIN],
];

export type Seen = { seq: boolean; tcpOpt: boolean; ipOpt: boolean };

/**
 * SPT= and DPT=, which LOG prints only for a first fragment whose header it
 * could read whole; false (with `incomplete` noted) when there are none.
 */
export function readPorts(s: LogScanner, p: Mutable<Packet>): boolean {
	if (p.fragmentOffset !== 0) return false;
	const incomplete = s.incomplete();
	if (incomplete !== undefined) {
		p.incomplete = incomplete;
		return false;
	}
	p.sport = s.number("SPT", 65535);
	p.dport = s.number("DPT", 65535);
	return true;
}

export function parseTcp(s: LogScanner, p: Mutable<Packet>, seen: Seen): void {
	if (!readPorts(s, p)) return;
	let seq = 0;
	let ack = 0;
	if (s.peek("SEQ=")) {
		seq = s.number("SEQ", 0xffffffff);
		ack = s.number("ACK", 0xffffffff);
		seen.seq = true;
	}
	const window = s.number("WINDOW", 65535);
	const res = s.number("RES", 255, true);
	let flags = 0;
	for (const [word, bit] of flagWords) if (s.acceptWord(word)) flags |= bit;
	const tcp: Mutable<TcpHeader> = { seq, ack, window, res, flags, urgp: 0 };
	tcp.urgp = s.number("URGP", 65535);
	const options = s.options();
	if (options !== undefined) {
		tcp.options = options;
		seen.tcpOpt = true;
	}
	p.tcp = tcp;
}

export function parseUdp(s: LogScanner, p: Mutable<Packet>): void {
	if (!readPorts(s, p)) return;
	p.udp = { length: s.number("LEN", 65535) };
}

/**
 * TYPE= and CODE=, which both families print first for a first fragment
 * whose header could be read (nf_log_dump_packet's ICMP part and
 * dump_ipv6_packet's ICMPv6 part); undefined (with `incomplete` noted)
 * when there is no header to read.
 */
export function readIcmpTypeCode(
	s: LogScanner,
	p: Mutable<Packet>,
): Mutable<IcmpHeader> | undefined {
	if (p.fragmentOffset !== 0) return undefined;
	const incomplete = s.incomplete();
	if (incomplete !== undefined) {
		p.incomplete = incomplete;
		return undefined;
	}
	const icmp: Mutable<IcmpHeader> = {
		type: s.number("TYPE", 255),
		code: s.number("CODE", 255),
	};
	p.icmp = icmp;
	return icmp;
}
